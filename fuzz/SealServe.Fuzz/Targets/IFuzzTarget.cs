namespace SealServe.Fuzz.Targets;

/// <summary>
/// One parser of untrusted bytes, driven as the server drives it. <see cref="Run"/> may throw the errors the parser
/// documents for bad input (a <see cref="Core.Errors.ServingException"/>); anything else escaping it is a finding.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>The name on the command line and of the folders under <c>fuzz/corpus</c> and <c>fuzz/regressions</c>.</summary>
    string Name { get; }

    void Run(ReadOnlySpan<byte> input);

    /// <summary>Valid inputs to start from, written to <c>fuzz/corpus/&lt;name&gt;</c> by <c>seed</c>.</summary>
    IEnumerable<(string Name, byte[] Bytes)> Seeds();
}

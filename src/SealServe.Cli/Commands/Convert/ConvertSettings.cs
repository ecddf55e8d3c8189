namespace SealServe.Cli.Commands.Convert;

/// <summary>What <c>sealserve convert</c> was asked to do.</summary>
/// <param name="Source">A SavedModel folder, a base path of versions, or a frozen GraphDef file (absolute).</param>
/// <param name="Output">The ONNX file to write (absolute).</param>
/// <param name="SignatureName">The signature to translate; <see langword="null"/> for the default.</param>
/// <param name="Tags">The MetaGraph tag set.</param>
internal sealed record ConvertSettings(string Source, string Output, string? SignatureName, IReadOnlyList<string> Tags);

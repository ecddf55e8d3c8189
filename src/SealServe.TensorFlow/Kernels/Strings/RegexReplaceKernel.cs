using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>
/// TensorFlow's <c>StaticRegexReplace</c> (pattern and rewrite attributes) and <c>RegexReplace</c> (pattern and rewrite
/// inputs): every match of an RE2 pattern (or only the first, without <c>replace_global</c>) replaced by the rewrite,
/// whose <c>\1</c>–<c>\9</c> insert groups and <c>\0</c> the whole match. Constant patterns are compiled once.
/// </summary>
[TfKernel("StaticRegexReplace", "RegexReplace", Notes = "RE2 patterns on .NET's linear-time engine: ASCII \\d \\w \\s, POSIX classes, (?P<name>); \\0-\\9 rewrites.")]
internal sealed class RegexReplaceKernel : IHostKernel
{
    private readonly bool global;
    private readonly (Re2Regex Regex, string Rewrite)? constant;
    private readonly KernelInputs nodeInputs;

    public RegexReplaceKernel(KernelConstruction construction)
    {
        var node = construction.Node;
        global = node.GetBool("replace_global", defaultValue: true);
        if (node.Op == "StaticRegexReplace")
        {
            constant = Compile(node.GetString("pattern"), node.GetString("rewrite"), construction.Error);
        }
        else if (construction.TryConstant(1) is { IsString: true, Rank: 0 } pattern && construction.TryConstant(2) is { IsString: true, Rank: 0 } rewrite)
        {
            constant = Compile(Encoding.UTF8.GetString(pattern.Strings[0]), Encoding.UTF8.GetString(rewrite.Strings[0]), construction.Error);
        }

        nodeInputs = new KernelInputs(construction, node.Op == "StaticRegexReplace" ? 1 : 3);

        construction.Output(DataType.String, KernelTensors.SameShape(construction, 0));
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var (regex, rewrite) = constant ?? Compile(
            Encoding.UTF8.GetString(KernelTensors.ScalarString(inputs[1], "Pattern")),
            Encoding.UTF8.GetString(KernelTensors.ScalarString(inputs[2], "Rewrite")),
            ServingException.InvalidArgument);
        var input = KernelTensors.Strings(inputs[0], "input");
        var output = new byte[input.Count][];
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = regex.Replace(input[i], rewrite, global);
        }

        return [KernelTensors.Of(inputs[0].Shape, output)];
    }

    private static (Re2Regex, string) Compile(string pattern, string rewrite, Func<string, ServingException> error)
    {
        var regex = Re2Regex.TryCreate(pattern, out var reason) ?? throw error($"Invalid pattern: {pattern}, error: {reason}");
        return regex.CheckRewrite(rewrite) is { } invalid ? throw error($"Invalid rewrite pattern: {rewrite}, error: {invalid}") : (regex, rewrite);
    }
}

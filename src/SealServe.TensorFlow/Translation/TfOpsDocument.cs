using System.Globalization;
using System.Text;
using SealServe.TensorFlow.Kernels;
using SealServe.TensorFlow.Translation.Rewriters;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// Writes <c>docs/tf-ops.md</c> from the translator and kernel registries: each TF op, the ONNX it becomes (or the host
/// kernel that runs it), its translator or kernel, and notes.
/// </summary>
internal static class TfOpsDocument
{
    public static string Generate(OpTranslatorRegistry registry, KernelRegistry kernels)
    {
        var text = new StringBuilder()
            .AppendLine("# TensorFlow ops → ONNX")
            .AppendLine()
            .AppendLine("Generated from the translator registry (`OpTranslatorRegistry`, one `[TfOp]` class per mapping in")
            .AppendLine("`src/SealServe.TensorFlow/Translation/Ops/`) and the host kernel registry (`KernelRegistry`, one `[TfKernel]`")
            .AppendLine("class per op in `src/SealServe.TensorFlow/Kernels/`, see docs/host-ops.md); a test fails when this page is stale. Regenerate with")
            .AppendLine("`SEALSERVE_UPDATE_DOCS=1 dotnet test tests/SealServe.TensorFlow.Tests --filter TfOpsDocument`.")
            .AppendLine()
            .Append(CultureInfo.InvariantCulture, $"Target: ONNX opset {OnnxOpset.Target} (IR {OnnxOpset.IrVersionFor(OnnxOpset.Target)}), raised to 19 or 20 only by string Equal or Add; why is in `OnnxOpset.Target`. ")
            .Append(CultureInfo.InvariantCulture, $"{registry.OpNames.Count + FunctionInliner.CallOps.Count + CondRewriter.CondOps.Count + WhileLoopRewriter.LoopOps.Count + TensorArrayRewriter.ArrayOps.Count + kernels.OpNames.Count} TensorFlow op types.")
            .AppendLine()
            .AppendLine()
            .AppendLine("Any op not listed fails the load with an error naming every unsupported op type, its count and its")
            .AppendLine("first node; `sealserve inspect` lists them without loading (`GraphTranslator.FindUnsupportedOps`).")
            .AppendLine()
            .AppendLine("## Function calls")
            .AppendLine()
            .AppendLine("| TF op | ONNX | by | notes |")
            .AppendLine("| --- | --- | --- | --- |");
        foreach (var op in FunctionInliner.CallOps)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {op} | — (inlined) | `{nameof(FunctionInliner)}` | Nested calls too; control outputs dropped. |");
        }

        text.AppendLine().AppendLine("## TF1 control flow").AppendLine()
            .AppendLine("| TF op | ONNX | by | notes |")
            .AppendLine("| --- | --- | --- | --- |");
        foreach (var op in CondRewriter.CondOps)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {op} | — (folded), or If | `{nameof(CondRewriter)}` | tf.cond: a predicate known at import (a constant, an unfed PlaceholderWithDefault such as Keras' learning phase) is folded with dead-tensor semantics; one fed at run time makes the Merge a TF2 If (see IfTranslator). A while_loop's Switches and Merges go with its frame (below). |");
        }

        foreach (var op in WhileLoopRewriter.LoopOps)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {op} | Loop (via While) | `{nameof(WhileLoopRewriter)}` | tf.while_loop: each frame (Enters sharing a frame_name) becomes a TF2 While whose cond and body functions hold the frame's nodes, which WhileTranslator makes an ONNX Loop; is_constant Enters are loop invariants, inner frames become While nodes inside the outer body, a tf.cond in a body an If. |");
        }

        foreach (var op in TensorArrayRewriter.ArrayOps)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {op} | as the TensorList op | `{nameof(TensorArrayRewriter)}` | TF1 TensorArrays (dynamic_rnn's input and outputs): the flow tensor becomes a TF2 TensorList (Reserve, FromTensor, GetItem, SetItem, Stack, Length), so an array a loop writes at its counter is a Loop scan output. Scatter and Gather only over range(0, n) (unstack, stack). |");
        }

        foreach (var group in registry.OpNames.GroupBy(op => Group(registry.TranslatorType(op))).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {group.Key}").AppendLine()
                .AppendLine("| TF op | ONNX | translator | notes |")
                .AppendLine("| --- | --- | --- | --- |");
            foreach (var op in group)
            {
                var attribute = registry.Describe(op);
                text.AppendLine(CultureInfo.InvariantCulture, $"| {op} | {Cell(attribute.Onnx)} | `{registry.TranslatorType(op).Name}` | {Cell(attribute.Notes)} |");
            }
        }

        text.AppendLine().AppendLine("## Host kernels").AppendLine()
            .AppendLine("Ops ONNX has no equivalent for: they run in C# with TensorFlow's semantics between ONNX Runtime sessions.").AppendLine()
            .AppendLine("| TF op | runs as | kernel | notes |")
            .AppendLine("| --- | --- | --- | --- |");
        foreach (var op in kernels.OpNames)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {op} | host kernel | `{kernels.KernelType(op).Name}` | {Cell(kernels.Describe(op).Notes)} |");
        }

        return text.ToString();
    }

    /// <summary>The folder under <c>Ops/</c> (Math, Nn, Tensor...).</summary>
    private static string Group(Type translator) => translator.Namespace![(translator.Namespace!.LastIndexOf('.') + 1)..];

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}

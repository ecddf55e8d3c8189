using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

/// <summary>Sorts a While loop's variables into invariant, carried and collected ones by reading its body.</summary>
internal static class LoopVariables
{
    /// <param name="node">The While node.</param>
    /// <param name="context">The context the While is translated in (for its inputs).</param>
    /// <param name="body">The instantiated body.</param>
    /// <param name="arguments">The body's argument tensors, one per loop variable.</param>
    /// <param name="returns">The body's returned tensors, one per loop variable.</param>
    public static IReadOnlyList<LoopVariable> Classify(TfNode node, TranslationContext context, TfGraph body, IReadOnlyList<string> arguments, IReadOnlyList<string> returns)
    {
        var variables = new List<LoopVariable>(arguments.Count);
        for (var i = 0; i < arguments.Count; i++)
        {
            var next = body.SkipIdentities(returns[i]);
            if (next == arguments[i])
            {
                variables.Add(new LoopVariable(i, LoopVariableKind.Invariant, next));
            }
            else if (context.Deferred<ReservedList>(context.Input(node, i)) is { } reserved)
            {
                variables.Add(Collected(node, context, body, arguments, returns, i, next, reserved));
            }
            else
            {
                variables.Add(new LoopVariable(i, LoopVariableKind.Carried, returns[i]));
            }
        }

        return variables;
    }

    private static LoopVariable Collected(TfNode node, TranslationContext context, TfGraph body, IReadOnlyList<string> arguments, IReadOnlyList<string> returns, int i, string next, ReservedList reserved)
    {
        if (!body.TryGet(TensorName.NodeOf(next), out var write) || write.Op != "TensorListSetItem" || body.SkipIdentities(TensorName.Normalize(write.Input[0])) != arguments[i])
        {
            throw node.Error($"loop variable {i} is a reserved TensorList that the body does not update with TensorListSetItem.");
        }

        var index = body.SkipIdentities(TensorName.Normalize(write.Input[1]));
        var item = TensorName.Normalize(write.Input[2]);
        if (IsIterationIndex(node, context, body, arguments, returns, index))
        {
            return new LoopVariable(i, LoopVariableKind.Collected, item);
        }

        if (ConstantOf(body, index) == 0 && context.TryGetConstant(reserved.NumElements)?.ToInt64s() is [1])
        {
            return new LoopVariable(i, LoopVariableKind.Collected, item, KeepLast: true);
        }

        throw node.Error($"loop variable {i} is a TensorList written at an index other than the iteration index.");
    }

    /// <summary>True when <paramref name="index"/> is a loop variable that starts at 0 and the body increments by 1.</summary>
    public static bool IsIterationIndex(TfNode node, TranslationContext context, TfGraph body, IReadOnlyList<string> arguments, IReadOnlyList<string> returns, string index)
    {
        var j = Array.IndexOf([.. arguments], index);
        if (j < 0 || context.TryGetConstant(context.Input(node, j))?.ToInt64s() is not [0])
        {
            return false;
        }

        var next = body.SkipIdentities(returns[j]);
        if (!body.TryGet(TensorName.NodeOf(next), out var increment) || increment.Op is not ("Add" or "AddV2"))
        {
            return false;
        }

        var operands = increment.Input.Where(x => !TensorName.IsControl(x)).Select(x => body.SkipIdentities(TensorName.Normalize(x))).ToArray();
        return (operands[0] == index && ConstantOf(body, operands[1]) == 1) || (operands[1] == index && ConstantOf(body, operands[0]) == 1);
    }

    private static long? ConstantOf(TfGraph body, string tensor) =>
        body.TryGet(TensorName.NodeOf(tensor), out var producer) && producer.Op == "Const" && TensorValue.FromTf(producer.Attr["value"].Tensor).ToInt64s() is [var value]
            ? value
            : null;
}

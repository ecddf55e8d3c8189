using SealServe.TensorFlow.Translation.Graph;
using SealServe.TensorFlow.Translation.Onnx;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

/// <summary>
/// A While loop that is exactly Keras' LSTM layer (<see cref="KerasLstmBody"/>, run over every time step of its
/// input, weights constant) becomes one ONNX LSTM node: the kernel ONNX Runtime runs for an LSTM exported
/// straight to ONNX, instead of a Loop running the cell node by node. Anything else stays a Loop.
/// </summary>
internal static class KerasLstmLoop
{
    /// <summary>Keras orders the gates i, f, c, o; ONNX i, o, f, c: ONNX gate k is Keras gate <c>KerasGate[k]</c>.</summary>
    private static readonly int[] KerasGate = [0, 3, 1, 2];

    public static bool TryTranslate(TfNode node, TranslationContext context, TfGraph body, IReadOnlyList<string> arguments, IReadOnlyList<string> returns, IReadOnlyList<LoopVariable> variables, FunctionDef condition)
    {
        if (KerasLstmBody.Match(body, arguments, returns) is not { } cell
            || variables.Where(v => v.Kind == LoopVariableKind.Collected).ToArray() is not [var output] || body.SkipIdentities(output.Next) != cell.NextH
            || new[] { cell.Input, cell.Kernel, cell.Recurrent, cell.Bias }.Any(i => variables[i].Kind != LoopVariableKind.Invariant)
            || variables.Any(v => v.Kind == LoopVariableKind.Carried && v.Index != cell.H && v.Index != cell.C && !IsCounter(node, context, body, arguments, returns, v.Index))
            || !IsCounter(node, context, body, arguments, returns, cell.Time)
            || Bound(node, context, body, arguments, returns, condition) is not { } bound
            || !IsLengthOf(context, context.Input(node, bound), context.Input(node, cell.Input))
            || Weights(context, node, cell) is not var (w, r, b, units))
        {
            return false;
        }

        var outputs = context.EmitMulti(
            "LSTM",
            [context.Input(node, cell.Input), w, r, b, string.Empty, context.Unsqueeze(context.Input(node, cell.H), 0), context.Unsqueeze(context.Input(node, cell.C), 0)],
            [context.NewValueName("Y"), context.NewValueName("Y_h"), context.NewValueName("Y_c")],
            [OnnxAttr.Int("hidden_size", units)]);
        foreach (var variable in variables)
        {
            var value = variable.Index == cell.H ? context.Squeeze(outputs[1], 0)
                : variable.Index == cell.C ? context.Squeeze(outputs[2], 0)
                : variable.Kind == LoopVariableKind.Collected ? (variable.KeepLast ? outputs[1] : context.Squeeze(outputs[0], 1))
                : variable.Kind == LoopVariableKind.Carried ? context.Input(node, bound) // a counter ends at the number of steps
                : context.Input(node, variable.Index);
            context.Alias(node, variable.Index, value);
        }

        return true;
    }

    private static bool IsCounter(TfNode node, TranslationContext context, TfGraph body, IReadOnlyList<string> arguments, IReadOnlyList<string> returns, int index) =>
        LoopVariables.IsIterationIndex(node, context, body, arguments, returns, arguments[index]);

    /// <summary>The loop variable the condition compares a counter with (<c>counter &lt; bound</c>), or null for any other condition.</summary>
    private static int? Bound(TfNode node, TranslationContext context, TfGraph body, IReadOnlyList<string> arguments, IReadOnlyList<string> returns, FunctionDef condition)
    {
        var (nodes, result) = FunctionBody.Instantiate(condition, node.Name + "/lstm_cond/", arguments, null, context.Functions);
        var graph = new TfGraph(nodes, context.Functions);
        if (!graph.TryGet(TensorName.NodeOf(graph.SkipIdentities(result[0])), out var less) || less.Op != "Less")
        {
            return null;
        }

        var operands = less.Input.Where(i => !TensorName.IsControl(i)).Select(i => Array.IndexOf([.. arguments], graph.SkipIdentities(TensorName.Normalize(i)))).ToArray();
        return operands is [var counter, var bound] && counter >= 0 && bound >= 0 && IsCounter(node, context, body, arguments, returns, counter)
            && body.SkipIdentities(returns[bound]) == arguments[bound]
            ? bound
            : null;
    }

    /// <summary>True when <paramref name="length"/> is the size of dimension 0 of <paramref name="sequence"/>: equal constants, or Shape(sequence)[0].</summary>
    private static bool IsLengthOf(TranslationContext context, string length, string sequence)
    {
        if (context.TryGetConstant(length)?.ToInt64s() is [var steps])
        {
            return context.ShapeOf(sequence) is { Count: > 0 } dims && dims[0] == steps;
        }

        var value = length;
        while (context.Producer(value) is { OpType: "Squeeze" or "Cast" or "Slice" or "Gather" } step)
        {
            if (step.OpType is "Slice" or "Gather" && context.TryGetConstant(step.Input[1])?.ToInt64s() is not ([0] or []))
            {
                return false;
            }

            value = step.Input[0];
        }

        return context.Producer(value) is { OpType: "Shape" } shape && shape.Input[0] == sequence && shape.Attribute.Count == 0;
    }

    /// <summary>ONNX W [1, 4·units, in], R [1, 4·units, units] and B [1, 8·units] from Keras' constant kernel, recurrent kernel and bias.</summary>
    private static (string W, string R, string B, long Units)? Weights(TranslationContext context, TfNode node, KerasLstmBody cell)
    {
        if (context.TryGetConstant(context.Input(node, cell.Kernel)) is not { Rank: 2 } kernel
            || context.TryGetConstant(context.Input(node, cell.Recurrent)) is not { Rank: 2 } recurrent
            || context.TryGetConstant(context.Input(node, cell.Bias)) is not { Rank: 1 } bias
            || !OnnxTypes.IsFloatingPoint(kernel.DataType))
        {
            return null;
        }

        var units = bias.Shape[0] / 4;
        var b = Reorder(bias.ToDoubles(), 1, units).Concat(new double[4 * units]).ToArray();
        return (
            context.AddConstant(GateMajor(kernel, units)),
            context.AddConstant(GateMajor(recurrent, units)),
            context.AddConstant(TensorValue.FromDoubles(bias.DataType, [1, 8 * units], b)),
            units);
    }

    /// <summary>A Keras [inputs, 4·units] kernel as ONNX's [1, 4·units, inputs], gates reordered.</summary>
    private static TensorValue GateMajor(TensorValue kernel, long units)
    {
        var (inputs, values) = (kernel.Shape[0], kernel.ToDoubles());
        var transposed = new double[values.Length];
        for (var i = 0; i < inputs; i++)
        {
            for (var j = 0; j < 4 * units; j++)
            {
                transposed[(j * inputs) + i] = values[(i * 4 * units) + j];
            }
        }

        return TensorValue.FromDoubles(kernel.DataType, [1, 4 * units, inputs], Reorder(transposed, inputs, units));
    }

    /// <summary>Gate blocks (each units × <paramref name="width"/> values) from Keras order to ONNX order.</summary>
    private static double[] Reorder(double[] values, long width, long units)
    {
        var block = (int)(units * width);
        return [.. KerasGate.SelectMany(gate => values.Skip(gate * block).Take(block))];
    }
}

using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

/// <summary>
/// The cell Keras' LSTM layer runs in its while loop, found in the loop body:
/// z = x_t·kernel + h·recurrent_kernel + bias; i, f, g, o = split(z, 4);
/// c' = σ(f)·c + σ(i)·tanh(g); h' = σ(o)·tanh(c'), with x_t = input_list[time].
/// </summary>
/// <param name="Input">Loop variable index of the input TensorList.</param>
/// <param name="Time">Loop variable index of the time step the input is read at.</param>
/// <param name="H">Loop variable index of h.</param>
/// <param name="C">Loop variable index of c.</param>
/// <param name="Kernel">Loop variable index of the input kernel [in, 4·units].</param>
/// <param name="Recurrent">Loop variable index of the recurrent kernel [units, 4·units].</param>
/// <param name="Bias">Loop variable index of the bias [4·units].</param>
/// <param name="NextH">The body tensor holding h'.</param>
internal sealed record KerasLstmBody(int Input, int Time, int H, int C, int Kernel, int Recurrent, int Bias, string NextH)
{
    /// <summary>The cell when <paramref name="returns"/> compute exactly it (operands of Mul and AddV2 in either order); null otherwise.</summary>
    public static KerasLstmBody? Match(TfGraph body, IReadOnlyList<string> arguments, IReadOnlyList<string> returns)
    {
        int Argument(string tensor) => Array.IndexOf([.. arguments], body.SkipIdentities(tensor));
        int Returned(string tensor) => Enumerable.Range(0, returns.Count).FirstOrDefault(i => body.SkipIdentities(returns[i]) == tensor, -1);
        for (var h = 0; h < returns.Count; h++)
        {
            // h' = σ(o)·tanh(c')
            var nextH = body.SkipIdentities(returns[h]);
            if (Product(body, nextH, "Sigmoid", "Tanh") is not var (o, nextC) || Returned(nextC) is var c && c < 0
                || !Binary(body, nextC, "AddV2", out var left, out var right))
            {
                continue;
            }

            // c' = σ(f)·c + σ(i)·tanh(g)
            var (forget, write) = Product(body, right, "Sigmoid", "Tanh") is not null ? (left, right) : (right, left);
            if (Product(body, write, "Sigmoid", "Tanh") is not var (i, g) || Product(body, forget, "Sigmoid", null) is not var (f, previousC)
                || Argument(previousC) != c || Split(body, [i, f, g, o]) is not { } z)
            {
                continue;
            }

            return Preactivation(body, z, Argument) is var (input, time, kernel, recurrent, bias, previousH) && previousH == h
                ? new KerasLstmBody(input, time, h, c, kernel, recurrent, bias, nextH)
                : null;
        }

        return null;
    }

    /// <summary>
    /// For <paramref name="tensor"/> = Mul(first(a), b) or Mul(b, first(a)): a, and b (unwrapped by <paramref name="secondOp"/> when given).
    /// </summary>
    private static (string First, string Second)? Product(TfGraph body, string tensor, string firstOp, string? secondOp)
    {
        if (!Binary(body, tensor, "Mul", out var x, out var y))
        {
            return null;
        }

        foreach (var (a, b) in new[] { (x, y), (y, x) })
        {
            var second = b;
            if (Unary(body, a, firstOp, out var first) && (secondOp is null || Unary(body, b, secondOp, out second)))
            {
                return (first, second);
            }
        }

        return null;
    }

    /// <summary>BiasAdd(AddV2(MatMul(GetItem(list, time), kernel), MatMul(h, recurrent)), bias), as loop variable indexes.</summary>
    private static (int Input, int Time, int Kernel, int Recurrent, int Bias, int H)? Preactivation(TfGraph body, string z, Func<string, int> argument)
    {
        if (!Node(body, z, "BiasAdd", out var biasAdd) || biasAdd.Attr.TryGetValue("data_format", out var format) && format.S.ToStringUtf8() != "NHWC"
            || !Binary(body, Data(biasAdd, 0), "AddV2", out var fromInput, out var fromState)
            || !MatMul(body, fromInput, out var step, out var kernel) || !MatMul(body, fromState, out var h, out var recurrent)
            || !Node(body, step, "TensorListGetItem", out var read))
        {
            return null;
        }

        int[] found = [argument(Data(read, 0)), argument(Data(read, 1)), argument(kernel), argument(recurrent), argument(Data(biasAdd, 1)), argument(h)];
        return found.All(i => i >= 0) ? (found[0], found[1], found[2], found[3], found[4], found[5]) : null;
    }

    /// <summary>The tensor split into the four gate pre-activations, when <paramref name="gates"/> are outputs 0-3 of one 4-way Split on axis 1.</summary>
    private static string? Split(TfGraph body, string[] gates)
    {
        var node = TensorName.NodeOf(gates[0]);
        if (!body.TryGet(node, out var split) || split.Op != "Split" || split.Attr["num_split"].I != 4
            || gates.Select((gate, index) => gate == TensorName.Of(node, index)).Any(same => !same)
            || !body.TryGet(TensorName.NodeOf(Data(split, 0)), out var axis) || axis.Op != "Const"
            || TensorValue.FromTf(axis.Attr["value"].Tensor).ToInt64s() is not ([1] or [-1]))
        {
            return null;
        }

        return Data(split, 1);
    }

    private static bool MatMul(TfGraph body, string tensor, out string a, out string b)
    {
        var found = Node(body, tensor, "MatMul", out var node) && !Flag(node, "transpose_a") && !Flag(node, "transpose_b");
        (a, b) = found ? (Data(node, 0), Data(node, 1)) : (string.Empty, string.Empty);
        return found;
    }

    private static bool Unary(TfGraph body, string tensor, string op, out string input)
    {
        var found = Node(body, tensor, op, out var node);
        input = found ? body.SkipIdentities(Data(node, 0)) : string.Empty;
        return found;
    }

    private static bool Binary(TfGraph body, string tensor, string op, out string a, out string b)
    {
        var found = Node(body, tensor, op, out var node);
        (a, b) = found ? (body.SkipIdentities(Data(node, 0)), body.SkipIdentities(Data(node, 1))) : (string.Empty, string.Empty);
        return found;
    }

    private static bool Node(TfGraph body, string tensor, string op, out NodeDef node) =>
        body.TryGet(TensorName.NodeOf(body.SkipIdentities(tensor)), out node) && node.Op == op;

    private static string Data(NodeDef node, int index) => TensorName.Normalize(node.Input.Where(i => !TensorName.IsControl(i)).ElementAt(index));

    private static bool Flag(NodeDef node, string name) => node.Attr.TryGetValue(name, out var value) && value.B;
}

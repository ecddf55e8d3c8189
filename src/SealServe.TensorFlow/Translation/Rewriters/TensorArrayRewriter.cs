using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Rewriters;

/// <summary>
/// TF1 TensorArrays (what <c>dynamic_rnn</c> reads its input from and writes its outputs to) made the TF2 TensorList ops
/// they match, which translators handle. A TensorArray's value travels as its <c>flow</c> tensor (threaded through the
/// ops and the loop), so the flow becomes the list and the handle is dropped: TensorArrayV3 → TensorListReserve (its flow
/// output, 1, read as 0), Scatter over range(0, n) (unstack) → TensorListFromTensor, Read → TensorListGetItem, Write →
/// TensorListSetItem, Gather over range(0, n) (stack) → TensorListStack, Size → TensorListLength. Runs before
/// <see cref="WhileLoopRewriter"/>; an array written in a loop then becomes the Loop's scan output, as a TF2 list does.
/// Scatters and gathers at other indices stay, and fail the load named.
/// </summary>
internal sealed class TensorArrayRewriter : IGraphRewriter
{
    /// <summary>The ops this rewriter replaces.</summary>
    public static IReadOnlyList<string> ArrayOps { get; } =
        ["TensorArrayGatherV3", "TensorArrayReadV3", "TensorArrayScatterV3", "TensorArraySizeV3", "TensorArrayV3", "TensorArrayWriteV3"];

    public void Rewrite(TfGraph graph, GraphCut cut)
    {
        var flows = graph.Nodes.Where(n => n.Op == "TensorArrayV3").Select(n => TensorName.Of(n.Name, 1)).ToHashSet(StringComparer.Ordinal);
        if (flows.Count == 0)
        {
            return;
        }

        foreach (var node in graph.Nodes.ToArray())
        {
            var list = ToList(graph, node);
            var replacement = list ?? node;
            var inputs = replacement.Input.Select(i => flows.Contains(TensorName.Normalize(i)) ? TensorName.Of(TensorName.NodeOf(i), 0) : i).ToArray();
            if (list is null && inputs.SequenceEqual(node.Input))
            {
                continue;
            }

            replacement = list ?? node.Clone();
            replacement.Input.Clear();
            replacement.Input.AddRange(inputs);
            graph.Set(replacement);
        }
    }

    /// <summary>The TensorList op <paramref name="node"/> is, or null when it is no TensorArray op this rewriter replaces.</summary>
    private static NodeDef? ToList(TfGraph graph, NodeDef node)
    {
        var inputs = node.Input.Where(i => !TensorName.IsControl(i)).ToArray();
        string Shape() => AddElementShape(graph, node.Name);
        return node.Op switch
        {
            "TensorArrayV3" => List(node, "TensorListReserve", [Shape(), inputs[0]], Type(node, "dtype")),
            "TensorArrayScatterV3" when IsFullRange(graph, inputs[1]) => List(node, "TensorListFromTensor", [inputs[2], Shape()], Type(node, "T")),
            "TensorArrayReadV3" => List(node, "TensorListGetItem", [inputs[2], inputs[1], Shape()], Type(node, "dtype")),
            "TensorArrayWriteV3" => List(node, "TensorListSetItem", [inputs[3], inputs[1], inputs[2]], Type(node, "T")),
            "TensorArrayGatherV3" when IsFullRange(graph, inputs[1]) => List(node, "TensorListStack", [inputs[2], Shape()], Type(node, "dtype")),
            "TensorArraySizeV3" => List(node, "TensorListLength", [inputs[1]], null),
            _ => null,
        };
    }

    private static NodeDef List(NodeDef array, string op, string[] inputs, Tensorflow.DataType? elementType)
    {
        var node = new NodeDef { Name = array.Name, Op = op };
        node.Input.AddRange(inputs);
        node.Input.AddRange(array.Input.Where(TensorName.IsControl));
        if (elementType is { } type)
        {
            node.Attr["element_dtype"] = new AttrValue { Type = type };
            node.Attr["shape_type"] = new AttrValue { Type = Tensorflow.DataType.DtInt32 };
        }

        return node;
    }

    /// <summary>An unknown element shape (-1) for the list op replacing <paramref name="name"/>: the translators take shapes from the values.</summary>
    private static string AddElementShape(TfGraph graph, string name)
    {
        var node = new NodeDef { Name = name + "/_element_shape", Op = "Const" }; // TF node names cannot start with '_': no clash
        node.Attr["dtype"] = new AttrValue { Type = Tensorflow.DataType.DtInt32 };
        node.Attr["value"] = new AttrValue { Tensor = new TensorProto { Dtype = Tensorflow.DataType.DtInt32, TensorShape = new TensorShapeProto(), IntVal = { -1 } } };
        graph.Set(node);
        return node.Name;
    }

    /// <summary>True when <paramref name="indices"/> is <c>range(0, n)</c> (step 1), as unstack and stack write them.</summary>
    private static bool IsFullRange(TfGraph graph, string indices)
    {
        if (!graph.TryGet(TensorName.NodeOf(graph.SkipIdentities(TensorName.Normalize(indices))), out var range) || range.Op != "Range")
        {
            return false;
        }

        var inputs = range.Input.Where(i => !TensorName.IsControl(i)).ToArray();
        return Constant(graph, inputs[0]) == 0 && Constant(graph, inputs[2]) == 1;
    }

    private static long? Constant(TfGraph graph, string tensor) =>
        graph.TryGet(TensorName.NodeOf(graph.SkipIdentities(TensorName.Normalize(tensor))), out var node) && node.Op == "Const"
            && TensorValue.FromTf(node.Attr["value"].Tensor).ToInt64s() is [var value]
            ? value
            : null;

    private static Tensorflow.DataType Type(NodeDef node, string attribute) =>
        node.Attr.TryGetValue(attribute, out var value) ? value.Type : Tensorflow.DataType.DtInvalid;
}

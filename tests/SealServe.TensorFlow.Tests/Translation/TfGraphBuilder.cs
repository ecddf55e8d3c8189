using Google.Protobuf;
using SealServe.Core.Signatures;
using SealServe.TensorFlow.Translation;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.Translation;

/// <summary>Builds small TensorFlow GraphDefs in code; placeholders become the graph's inputs.</summary>
internal sealed class TfGraphBuilder
{
    private readonly List<GraphInput> inputs = [];

    public GraphDef Graph { get; } = new() { Library = new FunctionDefLibrary() };

    public IReadOnlyList<GraphInput> Inputs => inputs;

    /// <summary>A fed placeholder (shape null: unknown rank); returns its tensor name <c>name:0</c>.</summary>
    public string Placeholder(string name, DataType type, params long[]? shape)
    {
        var node = Add("Placeholder", name, [], ("dtype", TypeAttr(type)));
        if (shape is not null)
        {
            node.Attr["shape"] = ShapeAttr(shape);
        }

        inputs.Add(new GraphInput(name + ":0", type, shape is null ? null : ShapeSpec.Of(shape)));
        return name + ":0";
    }

    public string Const<T>(string name, T[] values, params long[] shape)
        where T : unmanaged => Const(name, TensorValue.FromArray(shape, values));

    public string Scalar<T>(string name, T value)
        where T : unmanaged => Const(name, TensorValue.Scalar(value));

    public string Const(string name, TensorValue value)
    {
        Add("Const", name, [], ("dtype", TypeAttr(value.DataType)), ("value", new AttrValue { Tensor = TfTensor(value) }));
        return name + ":0";
    }

    /// <summary>Adds a node; returns its output 0 as <c>name:0</c>.</summary>
    public string Op(string op, string name, IEnumerable<string> inputs, params (string Name, AttrValue Value)[] attributes)
    {
        Add(op, name, inputs, attributes);
        return name + ":0";
    }

    /// <summary>Adds a node with attribute <c>T</c> set to <paramref name="type"/>, as most math ops have.</summary>
    public string OpT(string op, string name, DataType type, IEnumerable<string> inputs, params (string Name, AttrValue Value)[] attributes) =>
        Op(op, name, inputs, [("T", TypeAttr(type)), .. attributes]);

    public NodeDef Add(string op, string name, IEnumerable<string> inputs, params (string Name, AttrValue Value)[] attributes)
    {
        var node = Node(op, name, inputs, attributes);
        Graph.Node.Add(node);
        return node;
    }

    /// <summary>Adds a library function; body node inputs use function syntax (<c>arg</c>, <c>node:output:0</c>).</summary>
    public FunctionDef Function(string name, (string Name, DataType Type)[] inputs, (string Name, DataType Type)[] outputs, IEnumerable<NodeDef> body, params (string Output, string Tensor)[] returns)
    {
        var signature = new OpDef { Name = name };
        signature.InputArg.AddRange(inputs.Select(i => new OpDef.Types.ArgDef { Name = i.Name, Type = (Tensorflow.DataType)(int)i.Type }));
        signature.OutputArg.AddRange(outputs.Select(o => new OpDef.Types.ArgDef { Name = o.Name, Type = (Tensorflow.DataType)(int)o.Type }));
        var function = new FunctionDef { Signature = signature };
        function.NodeDef.AddRange(body);
        foreach (var (output, tensor) in returns)
        {
            function.Ret[output] = tensor;
        }

        Graph.Library.Function.Add(function);
        return function;
    }

    /// <summary>A node for a function body (not added to the graph).</summary>
    public static NodeDef Node(string op, string name, IEnumerable<string> inputs, params (string Name, AttrValue Value)[] attributes)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (attribute, value) in attributes)
        {
            node.Attr[attribute] = value;
        }

        return node;
    }

    public static AttrValue TypeAttr(DataType type) => new() { Type = (Tensorflow.DataType)(int)type };

    public static AttrValue Int(long value) => new() { I = value };

    public static AttrValue Float(float value) => new() { F = value };

    public static AttrValue Bool(bool value) => new() { B = value };

    public static AttrValue Str(string value) => new() { S = ByteString.CopyFromUtf8(value) };

    public static AttrValue Ints(params long[] values)
    {
        var list = new AttrValue.Types.ListValue();
        list.I.AddRange(values);
        return new AttrValue { List = list };
    }

    public static AttrValue Types(params DataType[] types)
    {
        var list = new AttrValue.Types.ListValue();
        list.Type.AddRange(types.Select(t => (Tensorflow.DataType)(int)t));
        return new AttrValue { List = list };
    }

    public static AttrValue Func(string name) => new() { Func = new NameAttrList { Name = name } };

    public static AttrValue ShapeAttr(params long[] dims) => new() { Shape = Shape(dims) };

    public static TensorShapeProto Shape(params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return shape;
    }

    public static Tensorflow.TensorProto TfTensor(TensorValue value)
    {
        var proto = new Tensorflow.TensorProto { Dtype = (Tensorflow.DataType)(int)value.DataType, TensorShape = Shape([.. value.Shape]) };
        if (value.IsString)
        {
            proto.StringVal.AddRange(value.Strings.Select(ByteString.CopyFrom));
        }
        else
        {
            proto.TensorContent = ByteString.CopyFrom(value.RawBytes.Span);
        }

        return proto;
    }
}

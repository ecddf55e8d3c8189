using Google.Protobuf;
using Onnx;

namespace SealServe.TestKit;

/// <summary>Small ONNX models built in code, so tests and the committed demo need no copied model files.</summary>
public static class TestModels
{
    /// <summary>
    /// The demo model: <c>y = 0.5 · x + 2</c> over float32 of any shape (input <c>x</c>, output <c>y</c>),
    /// TensorFlow Serving's <c>half_plus_two</c> as an ONNX graph.
    /// </summary>
    public static byte[] HalfPlusTwo() => AffineModel("half_plus_two", 0.5f, 2f);

    /// <summary><c>y = scale · x + offset</c> over float32 of any shape; distinct offsets tell versions apart in tests.</summary>
    public static byte[] AffineModel(string name, float scale, float offset)
    {
        var graph = new GraphProto
        {
            Name = name,
            Input = { AnyShapeFloat("x") },
            Output = { AnyShapeFloat("y") },
            Initializer = { ScalarFloat("scale", scale), ScalarFloat("offset", offset) },
            Node =
            {
                new NodeProto { OpType = "Mul", Input = { "x", "scale" }, Output = { "scaled" }, Name = "mul" },
                new NodeProto { OpType = "Add", Input = { "scaled", "offset" }, Output = { "y" }, Name = "add" },
            },
        };
        return Model(graph);
    }

    /// <summary><c>y = x</c> for one element type (input <c>x</c>, output <c>y</c>, any shape): checks codecs dtype by dtype.</summary>
    public static byte[] Identity(TensorProto.Types.DataType elementType) => Model(new GraphProto
    {
        Name = "identity",
        Input = { AnyShape("x", elementType) },
        Output = { AnyShape("y", elementType) },
        Node = { new NodeProto { OpType = "Identity", Input = { "x" }, Output = { "y" }, Name = "identity" } },
    });

    /// <summary><c>y = x</c> over float32 rows of <paramref name="width"/> values (shape <c>[batch, width]</c>): a model that refuses other shapes.</summary>
    public static byte[] FloatRows(int width)
    {
        var type = new TypeProto.Types.Tensor
        {
            ElemType = (int)TensorProto.Types.DataType.Float,
            Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "batch" }, new TensorShapeProto.Types.Dimension { DimValue = width } } },
        };
        return Model(new GraphProto
        {
            Name = "float_rows",
            Input = { new ValueInfoProto { Name = "x", Type = new TypeProto { TensorType = type } } },
            Output = { new ValueInfoProto { Name = "y", Type = new TypeProto { TensorType = type.Clone() } } },
            Node = { new NodeProto { OpType = "Identity", Input = { "x" }, Output = { "y" }, Name = "identity" } },
        });
    }

    private static byte[] Model(GraphProto graph) => new ModelProto
    {
        IrVersion = 8,
        ProducerName = "sealserve-testkit",
        Graph = graph,
        OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = 17 } },
    }.ToByteArray();

    private static ValueInfoProto AnyShapeFloat(string name) => AnyShape(name, TensorProto.Types.DataType.Float);

    private static ValueInfoProto AnyShape(string name, TensorProto.Types.DataType elementType) => new()
    {
        Name = name,

        // No shape at all: the model accepts any rank, as TF Serving's half_plus_two does.
        Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType } },
    };

    private static TensorProto ScalarFloat(string name, float value) => new()
    {
        Name = name,
        DataType = (int)TensorProto.Types.DataType.Float,
        FloatData = { value },
    };
}

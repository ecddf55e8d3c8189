using Google.Protobuf;
using Tensorflow;

namespace SealServe.Protos.Tests;

/// <summary>The unknown-field detector used by the corpus tests must itself work.</summary>
public sealed class MessageTreeTests
{
    [Fact]
    public void FindUnaccountedData_NestedUnknownField_ReportsItsPath()
    {
        // TensorShapeProto.Dim with an extra field 9 (varint 1) that no schema of ours defines.
        byte[] bytes = [0x12, 0x04, 0x08, 0x01, 0x48, 0x01];

        var shape = TensorShapeProto.Parser.ParseFrom(bytes);

        Assert.Equal(["TensorShapeProto.dim[0]: unknown fields"], MessageTree.FindUnaccountedData(shape));
        Assert.Equal(bytes, shape.ToByteArray());
    }

    [Fact]
    public void FindUnaccountedData_UndefinedEnumNumber_ReportsIt()
    {
        var tensor = new TensorProto { Dtype = (DataType)99 };

        Assert.Equal(["TensorProto.dtype: tensorflow.DataType has no value 99"], MessageTree.FindUnaccountedData(tensor));
    }

    [Fact]
    public void UnknownFieldsField_GeneratedMessages_Exists()
    {
        Assert.NotNull(MessageTree.UnknownFieldsField(typeof(SavedModel)));
        Assert.NotNull(MessageTree.UnknownFieldsField(typeof(Onnx.ModelProto)));
    }
}

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using SealServe.LoadTest.Models;
using Tensorflow.Serving;

namespace SealServe.LoadTest.Clients;

/// <summary>The request bodies a TF Serving client sends for a model's batch-1 input.</summary>
internal static class Payloads
{
    /// <summary>REST row format, <c>{"instances": [...]}</c>, with the input nested by its shape.</summary>
    public static byte[] PredictJson(BenchModel model)
    {
        var text = new StringBuilder("{\"instances\": ");
        var offset = 0;
        AppendNested(text, model.Shape, 0, model.Values, ref offset);
        text.Append('}');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>gRPC Predict with the input as <c>tensor_content</c>, as <c>tf.make_tensor_proto</c> builds it from an array.</summary>
    public static PredictRequest PredictRequest(BenchModel model, int batch = 1)
    {
        var (shape, values) = model.Batched(batch);
        var tensor = new Tensorflow.TensorProto
        {
            Dtype = Tensorflow.DataType.DtFloat,
            TensorShape = new Tensorflow.TensorShapeProto(),
            TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())),
        };
        foreach (var size in shape)
        {
            tensor.TensorShape.Dim.Add(new Tensorflow.TensorShapeProto.Types.Dim { Size = size });
        }

        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = model.Name } };
        request.Inputs[model.InputName] = tensor;
        return request;
    }

    private static void AppendNested(StringBuilder text, long[] shape, int axis, float[] values, ref int offset)
    {
        text.Append('[');
        for (var i = 0; i < shape[axis]; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            if (axis == shape.Length - 1)
            {
                var number = values[offset++].ToString("R", CultureInfo.InvariantCulture);
                text.Append(number);
                if (number.AsSpan().IndexOfAny('.', 'E', 'N') < 0)
                {
                    text.Append(".0");
                }
            }
            else
            {
                AppendNested(text, shape, axis + 1, values, ref offset);
            }
        }

        text.Append(']');
    }
}

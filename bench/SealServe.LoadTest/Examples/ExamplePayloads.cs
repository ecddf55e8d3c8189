using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using SealServe.LoadTest.Models;
using Tensorflow;
using Tensorflow.Serving;

namespace SealServe.LoadTest.Examples;

/// <summary>
/// One batch of values (<c>examples</c> × <c>features</c> floats) in the four forms a client can send them to
/// <see cref="ExampleClassifierModel"/>: tf.Examples to <c>classify</c>, a matrix to <c>predict</c>, each over REST and gRPC.
/// </summary>
internal sealed class ExamplePayloads
{
    public ExamplePayloads(int examples, int features)
    {
        Examples = examples;
        Features = features;
        Values = new float[examples * features];
        for (var i = 0; i < Values.Length; i++)
        {
            Values[i] = ((i * 7919 % 2001) - 1000) / 250f; // -4 .. 4 in steps of 1/250, exact in JSON
        }
    }

    public int Examples { get; }

    public int Features { get; }

    public float[] Values { get; }

    /// <summary><c>{"signature_name": "classify", "examples": [{"f0": 1.5, ...}, ...]}</c>.</summary>
    public byte[] ClassifyJson()
    {
        var text = new StringBuilder("{\"signature_name\": \"classify\", \"examples\": [");
        for (var e = 0; e < Examples; e++)
        {
            text.Append(e == 0 ? "{" : ", {");
            for (var f = 0; f < Features; f++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{(f == 0 ? string.Empty : ", ")}\"f{f}\": ").Append(Number(Values[(e * Features) + f]));
            }

            text.Append('}');
        }

        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }

    /// <summary><c>{"signature_name": "predict", "instances": [[1.5, ...], ...]}</c>: one row per example.</summary>
    public byte[] PredictJson()
    {
        var text = new StringBuilder("{\"signature_name\": \"predict\", \"instances\": [");
        for (var e = 0; e < Examples; e++)
        {
            text.Append(e == 0 ? "[" : ", [");
            for (var f = 0; f < Features; f++)
            {
                text.Append(f == 0 ? string.Empty : ", ").Append(Number(Values[(e * Features) + f]));
            }

            text.Append(']');
        }

        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }

    /// <summary>Classify with one tf.Example per row, each feature a one-value FloatList.</summary>
    public ClassificationRequest ClassifyRequest()
    {
        var list = new ExampleList();
        for (var e = 0; e < Examples; e++)
        {
            var example = new Example { Features = new Features() };
            for (var f = 0; f < Features; f++)
            {
                example.Features.Feature[$"f{f}"] = new Feature { FloatList = new FloatList { Value = { Values[(e * Features) + f] } } };
            }

            list.Examples.Add(example);
        }

        return new ClassificationRequest
        {
            ModelSpec = new ModelSpec { Name = ExampleClassifierModel.Name, SignatureName = "classify" },
            Input = new Input { ExampleList = list },
        };
    }

    /// <summary>Predict with the matrix as <c>tensor_content</c>, as <c>tf.make_tensor_proto</c> builds it.</summary>
    public PredictRequest PredictRequest()
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = ExampleClassifierModel.Name, SignatureName = "predict" } };
        request.Inputs["x"] = new TensorProto
        {
            Dtype = DataType.DtFloat,
            TensorShape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = Examples }, new TensorShapeProto.Types.Dim { Size = Features } } },
            TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(Values.AsSpan())),
        };
        return request;
    }

    private static string Number(float value) => value.ToString("0.0###", CultureInfo.InvariantCulture);
}

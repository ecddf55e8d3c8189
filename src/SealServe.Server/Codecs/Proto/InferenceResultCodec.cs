using Google.Protobuf;
using SealServe.Models.Serving;
using ClassificationResultProto = Tensorflow.Serving.ClassificationResult;
using RegressionResultProto = Tensorflow.Serving.RegressionResult;

namespace SealServe.Server.Codecs.Proto;

/// <summary>Classify and Regress results as TF Serving's <c>ClassificationResult</c> and <c>RegressionResult</c> messages.</summary>
internal static class InferenceResultCodec
{
    public static ClassificationResultProto ToProto(ClassificationResult result)
    {
        var proto = new ClassificationResultProto();
        for (var example = 0; example < result.Examples; example++)
        {
            var classifications = new Tensorflow.Serving.Classifications();
            for (var c = 0; c < result.Classes; c++)
            {
                // A label is bytes (a DT_STRING element); proto3 strings must be UTF-8, so invalid bytes are replaced.
                classifications.Classes.Add(new Tensorflow.Serving.Class { Label = System.Text.Encoding.UTF8.GetString(result.Label(example, c)), Score = result.Score(example, c) });
            }

            proto.Classifications.Add(classifications);
        }

        return proto;
    }

    public static RegressionResultProto ToProto(RegressionResult result)
    {
        var proto = new RegressionResultProto();
        foreach (var value in result.Values)
        {
            proto.Regressions.Add(new Tensorflow.Serving.Regression { Value = value });
        }

        return proto;
    }
}

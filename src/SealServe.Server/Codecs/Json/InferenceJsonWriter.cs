using System.Buffers;
using SealServe.Core.Errors;
using SealServe.Models.Serving;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// Writes REST classify and regress responses as TF Serving does (<c>MakeJsonFromClassificationResult</c>,
/// <c>MakeJsonFromRegressionResult</c>): <c>{"results": [[[label, score], ...], ...]}</c> with every example's classes
/// on one line and the closing bracket on its own, and <c>{"results": [v, ...]}</c> on one line.
/// </summary>
internal static class InferenceJsonWriter
{
    public static void WriteClassification(IBufferWriter<byte> output, ClassificationResult result)
    {
        if (result.Examples == 0)
        {
            throw ServingException.InvalidArgument("Cannot convert empty ClassificationResults to JSON");
        }

        Span<int> levels = stackalloc int[8];
        var writer = new RapidJsonPrettyWriter(output, levels, escapeInvalidUtf8: true);
        try
        {
            writer.StartObject();
            writer.Key("results"u8);
            writer.StartArray();
            for (var example = 0; example < result.Examples; example++)
            {
                writer.SingleLineArrays = true;
                writer.StartArray();
                for (var c = 0; c < result.Classes; c++)
                {
                    writer.StartArray();
                    writer.String(result.Label(example, c));
                    writer.Float(result.Score(example, c));
                    writer.EndArray();
                }

                writer.EndArray();
                writer.SingleLineArrays = false;
            }

            writer.EndArray();
            writer.EndObject();
            writer.Flush();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static void WriteRegression(IBufferWriter<byte> output, RegressionResult result)
    {
        var values = result.Values;
        if (values.IsEmpty)
        {
            throw ServingException.InvalidArgument("Cannot convert empty RegressionResults to JSON");
        }

        Span<int> levels = stackalloc int[8];
        var writer = new RapidJsonPrettyWriter(output, levels, escapeInvalidUtf8: true);
        try
        {
            writer.StartObject();
            writer.Key("results"u8);
            writer.SingleLineArrays = true;
            writer.StartArray();
            foreach (var value in values)
            {
                writer.Float(value);
            }

            writer.EndArray();
            writer.EndObject();
            writer.Flush();
        }
        finally
        {
            writer.Dispose();
        }
    }
}

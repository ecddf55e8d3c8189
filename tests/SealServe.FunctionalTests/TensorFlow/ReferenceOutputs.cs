using System.Text.Json;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// Compares a REST predict response with a reference <c>outputs.json</c> (<c>corpus/tf-references</c>, computed by
/// TensorFlow.js's CPU kernels): same aliases, same shapes, floats within a relative tolerance, the rest exactly.
/// </summary>
internal static class ReferenceOutputs
{
    /// <summary>The issue's tolerance for floats: 1e-3 relative (plus 1e-6 absolute, for values at 0).</summary>
    public const double Tolerance = 1e-3;

    /// <summary>The per-alias outputs of a columnar response: TF Serving prints a lone output without its alias.</summary>
    public static Dictionary<string, JsonElement> Outputs(JsonElement response, IReadOnlyCollection<string> aliases)
    {
        var outputs = response.GetProperty("outputs");
        return aliases.Count == 1 && (outputs.ValueKind != JsonValueKind.Object || !outputs.TryGetProperty(aliases.First(), out _))
            ? new Dictionary<string, JsonElement> { [aliases.First()] = outputs }
            : outputs.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>The differences between <paramref name="actual"/> and <paramref name="expected"/>, one line each (empty: they match).</summary>
    public static List<string> Differences(string alias, JsonElement expected, JsonElement actual, double tolerance = Tolerance)
    {
        var (expectedValues, expectedShape) = Flatten(expected);
        var (actualValues, actualShape) = Flatten(actual);
        if (!expectedShape.SequenceEqual(actualShape))
        {
            return [$"{alias}: shape [{string.Join(",", actualShape)}], reference [{string.Join(",", expectedShape)}]"];
        }

        var differences = new List<string>();
        for (var i = 0; i < expectedValues.Count; i++)
        {
            if (!Matches(expectedValues[i], actualValues[i], tolerance))
            {
                differences.Add($"{alias}[{i}]: {actualValues[i]}, reference {expectedValues[i]}");
            }
        }

        return differences;
    }

    /// <summary>A gRPC TensorProto's values (typed fields, numeric or boolean) as nested JSON lists of its shape.</summary>
    public static string ToJson(Tensorflow.TensorProto tensor)
    {
        IReadOnlyList<string> values = tensor.Dtype switch
        {
            Tensorflow.DataType.DtFloat => [.. tensor.FloatVal.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))],
            Tensorflow.DataType.DtDouble => [.. tensor.DoubleVal.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))],
            Tensorflow.DataType.DtInt64 => [.. tensor.Int64Val.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Tensorflow.DataType.DtBool => [.. tensor.BoolVal.Select(v => v ? "true" : "false")],
            _ => [.. tensor.IntVal.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        };
        var shape = tensor.TensorShape.Dim.Select(d => d.Size).ToArray();
        return JsonTensors.Nested(values, shape, v => v);
    }

    private static bool Matches(JsonElement expected, JsonElement actual, double tolerance) => expected.ValueKind switch
    {
        JsonValueKind.Number when actual.ValueKind == JsonValueKind.Number =>
            Math.Abs(actual.GetDouble() - expected.GetDouble()) <= (tolerance * Math.Abs(expected.GetDouble())) + 1e-6,
        JsonValueKind.True or JsonValueKind.False => actual.ValueKind == expected.ValueKind,
        JsonValueKind.String => actual.ValueKind == JsonValueKind.String && actual.GetString() == expected.GetString(),
        _ => false,
    };

    private static (List<JsonElement> Values, List<int> Shape) Flatten(JsonElement element)
    {
        var shape = new List<int>();
        for (var probe = element; probe.ValueKind == JsonValueKind.Array; probe = probe.GetArrayLength() > 0 ? probe[0] : default)
        {
            shape.Add(probe.GetArrayLength());
        }

        var values = new List<JsonElement>();
        Collect(element, values);
        return (values, shape);
    }

    private static void Collect(JsonElement element, List<JsonElement> values)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            values.Add(element);
            return;
        }

        foreach (var item in element.EnumerateArray())
        {
            Collect(item, values);
        }
    }
}

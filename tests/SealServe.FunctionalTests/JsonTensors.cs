using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SealServe.FunctionalTests;

/// <summary>Nested JSON lists to and from flat values plus a shape, for building requests and checking responses.</summary>
internal static class JsonTensors
{
    /// <summary>Writes <paramref name="values"/> as nested lists of <paramref name="shape"/> (iteratively).</summary>
    public static string Nested<T>(IReadOnlyList<T> values, ReadOnlySpan<long> shape, Func<T, string> format)
    {
        var text = new StringBuilder();
        var counters = new long[shape.Length];
        var index = 0;
        if (shape.Length == 0)
        {
            return format(values[0]);
        }

        text.Append('[', shape.Length);
        while (true)
        {
            text.Append(format(values[index++]));
            var level = shape.Length - 1;
            while (level >= 0 && ++counters[level] == shape[level])
            {
                counters[level] = 0;
                text.Append(']');
                level--;
            }

            if (level < 0)
            {
                return text.ToString();
            }

            text.Append(',');
            text.Append('[', shape.Length - 1 - level);
        }
    }

    public static string Floats(IReadOnlyList<float> values, ReadOnlySpan<long> shape) =>
        Nested(values, shape, v => v.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Flattens a JSON value into its leaves (numbers as double) and its shape.</summary>
    public static (List<double> Values, List<long> Shape) Flatten(JsonElement element)
    {
        var shape = new List<long>();
        for (var probe = element; probe.ValueKind == JsonValueKind.Array; probe = probe.GetArrayLength() > 0 ? probe[0] : default)
        {
            shape.Add(probe.GetArrayLength());
            if (probe.GetArrayLength() == 0)
            {
                break;
            }
        }

        var values = new List<double>();
        var stack = new Stack<JsonElement>();
        stack.Push(element);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current.ValueKind == JsonValueKind.Array)
            {
                for (var i = current.GetArrayLength() - 1; i >= 0; i--)
                {
                    stack.Push(current[i]);
                }
            }
            else
            {
                values.Add(current.GetDouble());
            }
        }

        return (values, shape);
    }
}

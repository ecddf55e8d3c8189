using System.Globalization;

namespace SealServe.TensorFlow.Translation.Graph;

/// <summary>TensorFlow's tensor names in a GraphDef: <c>node:1</c>, <c>node</c> (= <c>node:0</c>), <c>^node</c> (control input).</summary>
internal static class TensorName
{
    public static bool IsControl(string input) => input.StartsWith('^');

    /// <summary>The <c>node:index</c> form of a data tensor name.</summary>
    public static string Normalize(string name)
    {
        var (node, index) = Parse(name);
        return Of(node, index);
    }

    public static string Of(string node, int index) => string.Create(CultureInfo.InvariantCulture, $"{node}:{index}");

    /// <summary>Splits <c>node:1</c> into the node name and the output index (0 when absent).</summary>
    public static (string Node, int Index) Parse(string name)
    {
        var colon = name.LastIndexOf(':');
        if (colon > 0 && int.TryParse(name.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return (name[..colon], index);
        }

        return (name.TrimStart('^'), 0);
    }

    public static string NodeOf(string name) => Parse(name).Node;
}

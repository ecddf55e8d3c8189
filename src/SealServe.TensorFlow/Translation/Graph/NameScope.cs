using System.Globalization;

namespace SealServe.TensorFlow.Translation.Graph;

/// <summary>Hands out ONNX names unique across a model and all its subgraphs (ONNX forbids shadowing outer names).</summary>
internal sealed class NameScope
{
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    /// <summary>Claims <paramref name="name"/> exactly; false when it is taken.</summary>
    public bool TryReserve(string name) => used.Add(name);

    /// <summary><paramref name="hint"/>, or <c>hint_2</c>, <c>hint_3</c>... whichever is free first.</summary>
    public string Unique(string hint)
    {
        if (used.Add(hint))
        {
            return hint;
        }

        for (var i = 2; ; i++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"{hint}_{i}");
            if (used.Add(candidate))
            {
                return candidate;
            }
        }
    }
}

using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Rewriters;

/// <summary>Graph nodes moved into a function a rewriter builds (a TF1 cond branch, a TF1 loop's cond or body).</summary>
internal static class FunctionNodes
{
    /// <summary>
    /// Adds copies of <paramref name="nodes"/> to <paramref name="function"/>: each data input becomes its argument when
    /// <paramref name="argument"/> names one for it, else a function-style reference; control inputs from outside are dropped.
    /// </summary>
    public static void AddTo(FunctionDef function, IReadOnlyDictionary<string, NodeDef> nodes, Func<string, string?> argument)
    {
        foreach (var node in nodes.Values)
        {
            var copy = node.Clone();
            copy.Input.Clear();
            foreach (var input in node.Input)
            {
                if (!TensorName.IsControl(input))
                {
                    copy.Input.Add(Reference(TensorName.Normalize(input), argument));
                }
                else if (nodes.ContainsKey(input[1..]))
                {
                    copy.Input.Add(input);
                }
            }

            function.NodeDef.Add(copy);
        }
    }

    /// <summary>How the function refers to graph tensor <paramref name="tensor"/>: its argument, else <c>node:output:k</c>.</summary>
    public static string Reference(string tensor, Func<string, string?> argument)
    {
        if (argument(tensor) is { } name)
        {
            return name;
        }

        var (node, index) = TensorName.Parse(tensor);
        return $"{node}:{OpOutputArgs.FlatArg}:{index}";
    }
}

using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Decides which signatures share a plan: those with the same set of input tensors. That keeps one engine per
/// distinct cut of the graph, so a signature whose cut needs an op SealServe cannot run does not take the others
/// down with it.
/// </summary>
public static class SignatureGrouping
{
    public static IReadOnlyList<SignatureGroup> Group(MetaGraphDef metaGraph)
    {
        var nodes = metaGraph.GraphDef.Node.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var groups = new Dictionary<string, (List<string> Keys, List<GraphInput> Inputs, List<string> Outputs)>(StringComparer.Ordinal);
        foreach (var (key, def) in metaGraph.SignatureDef.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (key == SignatureDefs.InitOpKey || def.Outputs.Count == 0)
            {
                continue;
            }

            var inputs = def.Inputs.Values.Select(i => SignatureDefs.TensorName(i)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var groupKey = string.Join("\n", inputs);
            if (!groups.TryGetValue(groupKey, out var group))
            {
                group = ([], [], []);
                foreach (var info in def.Inputs.Values.DistinctBy(i => SignatureDefs.TensorName(i), StringComparer.Ordinal).OrderBy(i => SignatureDefs.TensorName(i), StringComparer.Ordinal))
                {
                    group.Inputs.Add(ToGraphInput(info, nodes));
                }

                groups[groupKey] = group;
            }

            group.Keys.Add(key);
            foreach (var output in def.Outputs.Values.Select(o => SignatureDefs.TensorName(o)))
            {
                if (!group.Outputs.Contains(output, StringComparer.Ordinal))
                {
                    group.Outputs.Add(output);
                }
            }
        }

        return groups.Values.Select(g => new SignatureGroup(g.Keys, g.Inputs, g.Outputs)).ToArray();
    }

    /// <summary>
    /// Type and shape come from the graph, as TensorFlow feeds by tensor name: old SignatureDefs can be wrong
    /// (half_plus_three's regress signature claims DT_FLOAT for a string placeholder), and TF Serving checks no
    /// shape on feed, so a fed intermediate tensor (half_plus_two's <c>x:0</c>, declared [-1,1]) takes any shape;
    /// only a placeholder's own declared shape is kept, for shape inference.
    /// </summary>
    private static GraphInput ToGraphInput(TensorInfo info, Dictionary<string, NodeDef> nodes)
    {
        var name = SignatureDefs.TensorName(info);
        var dataType = (DataType)((int)info.Dtype % DataTypes.RefOffset);
        ShapeSpec? shape = null;
        if (nodes.TryGetValue(Translation.Graph.TensorName.NodeOf(name), out var node))
        {
            var isPlaceholder = node.Op is "Placeholder" or "PlaceholderWithDefault";
            if (node.Attr.TryGetValue(isPlaceholder ? "dtype" : "T", out var declared) && declared.Type != Tensorflow.DataType.DtInvalid)
            {
                dataType = (DataType)((int)declared.Type % DataTypes.RefOffset);
            }

            if (isPlaceholder && node.Attr.TryGetValue("shape", out var declaredShape) && declaredShape.Shape is { } placeholderShape)
            {
                shape = SignatureDefs.ToShape(placeholderShape);
            }
        }

        return new GraphInput(name, dataType, shape);
    }
}

using System.Text;
using Google.Protobuf.WellKnownTypes;
using SealServe.Core.Errors;
using SealServe.TensorFlow.Translation;
using SealServe.TensorFlow.Translation.Graph;
using SealServe.TensorFlow.Translation.Rewriters;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Fills lookup tables as a SavedModel's init op would at load, without running it: the init op (TF1 main op, legacy
/// init op and table initializers; TF2 <c>__saved_model_init_op</c>) is walked through control dependencies and
/// function calls to its <c>InitializeTableV2</c> / <c>InitializeTableFromTextFileV2</c> nodes; their keys and values
/// are worked out as constants, with each asset tensor standing for its file in <c>assets/</c>, read through the
/// version's files (sealed or not).
/// </summary>
/// <remarks>
/// A table is the same table wherever its creating node appears (TF2 creator functions are called once by the init op
/// and once by the serving function): tables with a <c>shared_name</c> are matched by it, others by node name. Work is
/// done on the first request for a table, so models without tables pay nothing.
/// </remarks>
internal sealed class TableInitializers(MetaGraphDef metaGraph, ISavedModelFiles files, IVariableResolver variables) : ITableResolver
{
    private static readonly HashSet<string> InitOps = ["InitializeTableV2", "InitializeTable", "InitializeTableFromTextFileV2", "InitializeTableFromTextFile"];
    private static readonly HashSet<string> TableOps = ["HashTableV2", "HashTable"];

    private readonly Dictionary<string, LookupTableContents> filled = new(StringComparer.Ordinal);
    private Dictionary<string, List<NodeDef>>? initializers;
    private TfGraph? graph;
    private StaticValues? statics;

    public LookupTableContents Resolve(NodeDef tableNode)
    {
        var table = Identity(tableNode);
        if (filled.TryGetValue(table, out var known))
        {
            return known;
        }

        initializers ??= Discover();
        if (!initializers.TryGetValue(table, out var inits))
        {
            throw ServingException.FailedPrecondition($"Lookup table '{tableNode.Name}' ({tableNode.Op}) is not initialized by the SavedModel's init op.");
        }

        var contents = Fill(tableNode, inits[0]);
        foreach (var other in inits.Skip(1))
        {
            var again = Fill(tableNode, other);
            if (again.Count != contents.Count)
            {
                throw ServingException.FailedPrecondition($"Lookup table '{tableNode.Name}': Table was already initialized with different data.");
            }
        }

        filled[table] = contents;
        return contents;
    }

    /// <summary>The table a creating node stands for: by <c>shared_name</c> when it has one (TF2 creator functions), else by node.</summary>
    private static string Identity(NodeDef node)
    {
        var shared = node.Attr.TryGetValue("shared_name", out var name) ? name.S.ToStringUtf8() : string.Empty;
        var container = node.Attr.TryGetValue("container", out var value) ? value.S.ToStringUtf8() : string.Empty;
        return shared.Length > 0 ? $"shared:{container}/{shared}" : "node:" + node.Name;
    }

    /// <summary>Walks the init op (data and control inputs, into every function it calls) and groups its table initializers by table.</summary>
    private Dictionary<string, List<NodeDef>> Discover()
    {
        graph = TfGraph.From(metaGraph.GraphDef);
        statics = new StaticValues(graph, new GraphResources(variables, NoTables.Instance), AssetTensors());
        var found = new Dictionary<string, List<NodeDef>>(StringComparer.Ordinal);
        var pending = new Stack<string>(InitTargets());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!seen.Add(name) || !graph.TryGet(name, out var node))
            {
                continue;
            }

            foreach (var input in node.Input)
            {
                pending.Push(TensorName.NodeOf(input));
            }

            if (FunctionInliner.IsCall(node, graph.Functions))
            {
                // Every node of an init function may matter (its table initializers are control outputs, not returns).
                foreach (var bodyNode in FunctionInliner.Inline(graph, node).Body)
                {
                    pending.Push(bodyNode.Name);
                }
            }
            else if (InitOps.Contains(node.Op))
            {
                var table = TableNode(node);
                if (!found.TryGetValue(Identity(table), out var list))
                {
                    found[Identity(table)] = list = [];
                }

                list.Add(node);
            }
        }

        return found;
    }

    private IEnumerable<string> InitTargets()
    {
        foreach (var key in (string[])["saved_model_main_op", "legacy_init_op", "table_initializer"])
        {
            if (metaGraph.CollectionDef.TryGetValue(key, out var collection) && collection.NodeList is { } nodes)
            {
                foreach (var name in nodes.Value)
                {
                    yield return TensorName.NodeOf(name);
                }
            }
        }

        if (metaGraph.SignatureDef.TryGetValue(SignatureDefs.InitOpKey, out var init))
        {
            foreach (var output in init.Outputs.Values)
            {
                yield return TensorName.NodeOf(output.Name);
            }
        }
    }

    /// <summary>
    /// The tensors a loader feeds with asset paths (TF2 <c>asset_file_def</c>, TF1 <c>saved_model_assets</c>), as
    /// <c>assets/&lt;file&gt;</c>; and the reads of a variable the init op assigns such a tensor (a TF2 transform graph keeps
    /// each asset's path in a string variable: <c>AssignVariableOp(v, asset_path_initializer)</c>, then <c>ReadVariableOp(v)</c>).
    /// </summary>
    private Dictionary<string, TensorValue> AssetTensors()
    {
        var assets = metaGraph.AssetFileDef.ToList();
        if (metaGraph.CollectionDef.TryGetValue("saved_model_assets", out var collection) && collection.AnyList is { } list)
        {
            assets.AddRange(list.Value.Where(a => a.Is(AssetFileDef.Descriptor)).Select(a => a.Unpack<AssetFileDef>()));
        }

        var tensors = assets.Where(a => a.TensorInfo is not null).ToDictionary(
            a => TensorName.Normalize(a.TensorInfo.Name),
            a => TensorValue.FromStrings([], [Encoding.UTF8.GetBytes("assets/" + a.Filename)]),
            StringComparer.Ordinal);
        var nodes = metaGraph.GraphDef.Node;
        string Variable(NodeDef node) => TensorName.NodeOf(graph!.SkipIdentities(TensorName.Normalize(node.Input[0])));
        var assigned = nodes
            .Where(n => n.Op == "AssignVariableOp" && n.Input.Count > 1 && tensors.ContainsKey(graph!.SkipIdentities(TensorName.Normalize(n.Input[1]))))
            .GroupBy(Variable, StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => tensors[graph!.SkipIdentities(TensorName.Normalize(g.Single().Input[1]))], StringComparer.Ordinal);
        foreach (var read in nodes.Where(n => n.Op == "ReadVariableOp" && n.Input.Count > 0))
        {
            if (assigned.TryGetValue(Variable(read), out var asset))
            {
                tensors.TryAdd(TensorName.Of(read.Name, 0), asset);
            }
        }

        return tensors;
    }

    /// <summary>The table-creating node an initializer's handle comes from (through identities and function calls).</summary>
    private NodeDef TableNode(NodeDef initializer)
    {
        var handle = TensorName.Normalize(initializer.Input[0]);
        PreparedGraph.Prepare(graph!, new GraphCut(new HashSet<string>(), [handle]));
        var source = graph!.SkipIdentities(handle);
        return graph.TryGet(TensorName.NodeOf(source), out var table) && TableOps.Contains(table.Op)
            ? table
            : throw ServingException.Unimplemented($"Table initializer '{initializer.Name}' fills a table made by '{TensorName.NodeOf(source)}', not by a HashTableV2 node.");
    }

    private LookupTableContents Fill(NodeDef table, NodeDef initializer)
    {
        var node = new TfNode(initializer);
        var (keyType, valueType) = (TableType(table, "key_dtype"), TableType(table, "value_dtype"));
        if (initializer.Op is "InitializeTableV2" or "InitializeTable")
        {
            var keys = Constant(table, node, 1, "keys");
            var values = Constant(table, node, 2, "values");
            return LookupTables.Build(LookupTables.Elements(keys.CastTo(keyType)), LookupTables.Elements(values.CastTo(valueType)), keyType, valueType);
        }

        var filename = Encoding.UTF8.GetString(Constant(table, node, 1, "file name").Strings.Single());
        var columns = new TextFileColumns(
            node.GetInt("key_index"),
            node.GetInt("value_index"),
            node.GetInt("vocab_size", -1),
            Encoding.UTF8.GetBytes(node.GetString("delimiter", "\t")),
            node.GetInt("offset", 0));
        var asset = AssetPath(table, filename);
        var bytes = files.ReadAll(asset);
        try
        {
            return TextFileTable.Read(bytes, asset, columns, keyType, valueType);
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    private TensorValue Constant(NodeDef table, TfNode initializer, int input, string role) =>
        statics!.TryEvaluate(initializer.Inputs[input])
        ?? throw ServingException.Unimplemented($"Lookup table '{table.Name}' cannot be filled at load: the {role} input of its initializer '{initializer.Name}' ('{initializer.Inputs[input]}') is not a constant.");

    /// <summary>The file of <c>assets/</c> a vocabulary path names (the path recorded at export time, or the asset tensor's).</summary>
    private string AssetPath(NodeDef table, string filename)
    {
        var path = filename.Replace('\\', '/');
        var at = path.LastIndexOf("assets/", StringComparison.Ordinal);
        var relative = at == 0 || (at > 0 && path[at - 1] == '/') ? path[at..] : "assets/" + Path.GetFileName(path);
        return !relative.Split('/').Contains("..") && files.Exists(relative)
            ? relative
            : throw ServingException.NotFound($"Lookup table '{table.Name}' is filled from '{filename}', which is not a file of the SavedModel's assets/ folder.");
    }

    private static DataType TableType(NodeDef table, string attribute) =>
        table.Attr.TryGetValue(attribute, out var value) ? (DataType)((int)value.Type % 100) : DataType.Invalid;
}

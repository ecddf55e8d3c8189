using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Kernels;
using SealServe.TensorFlow.Plan;
using SealServe.TensorFlow.Translation.Graph;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// Cuts a prepared graph that uses host-kernel ops into a sequence of stages: ONNX parts and kernel nodes.
/// </summary>
/// <remarks>
/// Each node that depends on a fed tensor gets a level: a kernel node the highest level of its inputs' producers, an
/// ONNX node the highest level of its inputs' producers, plus one when the producer is a kernel. Stages run
/// ONNX level 0, kernels level 0, ONNX level 1, kernels level 1, ...: the fewest ONNX Runtime sessions such that
/// every value is computed before it is read. Nodes that depend on no fed tensor (constants, variables, shape
/// arithmetic on them) belong to no level: each ONNX stage translates whatever of them it needs, so constant folding
/// still sees them, and kernels read them as constants at import. A value one stage computes and a later stage reads
/// is an output of the first and an input of the second.
/// </remarks>
internal sealed class GraphPartitioner
{
    private readonly TfGraph graph;
    private readonly GraphCut cut;
    private readonly GraphResources resources;
    private readonly string modelName;
    private readonly Dictionary<string, (int Level, bool IsKernel)> levels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GraphInput> specs = new(StringComparer.Ordinal);
    private readonly StaticValues statics;

    private GraphPartitioner(TfGraph graph, GraphCut cut, GraphResources resources, string modelName)
    {
        this.graph = graph;
        this.cut = cut;
        this.resources = resources;
        this.modelName = modelName;
        statics = new StaticValues(graph, resources);
    }

    /// <summary>True for a node a host kernel runs (ops with an ONNX translation are translated).</summary>
    public static bool IsKernelNode(TfNode node) =>
        !OpTranslatorRegistry.Default.IsSupported(node.Op) && KernelRegistry.Default.IsSupported(node.Op);

    /// <param name="graph">The graph, with its function calls inlined by <see cref="PreparedGraph.Prepare"/>.</param>
    /// <param name="prepared">The nodes the outputs need, in dependency order.</param>
    /// <param name="inputs">The fed tensors (normalized names).</param>
    /// <param name="outputs">The tensors to compute (normalized names).</param>
    /// <param name="resources">Values of the graph's variables and lookup tables.</param>
    /// <param name="modelName">Names the ONNX graphs.</param>
    public static IReadOnlyList<PlanStage> Partition(TfGraph graph, PreparedGraph prepared, IReadOnlyList<GraphInput> inputs, IReadOnlyList<string> outputs, GraphResources resources, string modelName)
    {
        var partitioner = new GraphPartitioner(graph, prepared.Cut, resources, modelName);
        foreach (var input in inputs)
        {
            partitioner.specs[input.TensorName] = input;
        }

        return partitioner.Stages(prepared, outputs);
    }

    private IReadOnlyList<PlanStage> Stages(PreparedGraph prepared, IReadOnlyList<string> outputs)
    {
        AssignLevels(prepared);
        var maxLevel = levels.Values.Max(l => l.Level);
        var onnxNodes = new List<TfNode>[maxLevel + 1];
        var kernelNodes = new List<TfNode>[maxLevel + 1];
        for (var k = 0; k <= maxLevel; k++)
        {
            onnxNodes[k] = [];
            kernelNodes[k] = [];
        }

        foreach (var node in prepared.Nodes)
        {
            if (levels.TryGetValue(node.Name, out var level))
            {
                (level.IsKernel ? kernelNodes : onnxNodes)[level.Level].Add(node);
            }
        }

        // Outputs no stage computes (constants) come from the last ONNX stage.
        var constantOutputs = outputs.Where(o => !IsRuntime(o)).ToArray();
        var stages = new List<PlanStage>();
        for (var k = 0; k <= maxLevel; k++)
        {
            var finalOutputs = k == maxLevel ? constantOutputs : [];
            if (onnxNodes[k].Count > 0 || finalOutputs.Length > 0)
            {
                stages.Add(OnnxStageFor(k, onnxNodes[k], kernelNodes, onnxNodes, outputs, finalOutputs));
            }

            foreach (var node in kernelNodes[k])
            {
                stages.Add(KernelStageFor(node));
            }
        }

        var computed = stages.SelectMany(s => s.Outputs).Concat(cut.Fed).ToHashSet(StringComparer.Ordinal);
        if (outputs.FirstOrDefault(o => !computed.Contains(o)) is { } missing)
        {
            throw ServingException.InvalidArgument($"Output tensor '{missing}' was not computed.");
        }

        return stages;
    }

    private void AssignLevels(PreparedGraph prepared)
    {
        foreach (var node in prepared.Nodes)
        {
            var isKernel = IsKernelNode(node);
            var level = -1;
            foreach (var input in node.Inputs)
            {
                if (Producer(input) is { } producer)
                {
                    level = Math.Max(level, producer.Level + (!isKernel && producer.IsKernel ? 1 : 0));
                }
            }

            if (level >= 0 || isKernel)
            {
                levels[node.Name] = (Math.Max(level, 0), isKernel);
            }
        }
    }

    /// <summary>The level and kind of what computes a run-time tensor (a fed tensor: level 0, not a kernel); null for a static one.</summary>
    private (int Level, bool IsKernel)? Producer(string tensor) =>
        cut.IsFed(tensor) ? (0, false) : levels.TryGetValue(TensorName.NodeOf(tensor), out var level) ? level : null;

    private bool IsRuntime(string tensor) => Producer(tensor) is not null;

    private OnnxStage OnnxStageFor(int level, List<TfNode> nodes, List<TfNode>[] kernelNodes, List<TfNode>[] onnxNodes, IReadOnlyList<string> outputs, string[] constantOutputs)
    {
        var own = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        bool IsOwn(string tensor) => !cut.IsFed(tensor) && own.Contains(TensorName.NodeOf(tensor));

        var stageInputs = nodes.SelectMany(n => n.Inputs).Where(t => IsRuntime(t) && !IsOwn(t)).Distinct(StringComparer.Ordinal).Select(t => specs[t]).ToArray();

        // What later stages read of this one (kernels of this level run after it), and the plan's outputs it computes.
        var stageOutputs = kernelNodes.Skip(level).SelectMany(k => k).Concat(onnxNodes.Skip(level + 1).SelectMany(o => o))
            .SelectMany(n => n.Inputs).Concat(outputs).Where(IsOwn).Concat(constantOutputs).Distinct(StringComparer.Ordinal).ToArray();

        var (model, context) = GraphTranslator.TranslateStage(graph, stageInputs, stageOutputs, resources, modelName);
        foreach (var output in stageOutputs)
        {
            // ONNX Runtime, not the importer, knows element types: the engine fills them in (see OnnxStage).
            var shape = context.ShapeOf(context.Lookup(output) ?? output);
            specs[output] = new GraphInput(output, DataType.Invalid, shape is null ? null : ShapeSpec.Of([.. shape]));
        }

        return new OnnxStage(model, [.. stageInputs.Select(i => i.TensorName)], stageOutputs);
    }

    private KernelStage KernelStageFor(TfNode node)
    {
        var construction = new KernelConstruction(node, tensor => IsRuntime(tensor) ? null : statics.TryEvaluate(tensor), tensor => specs.GetValueOrDefault(tensor));
        var kernel = KernelRegistry.Default.Create(construction);
        var runtime = construction.RuntimeInputs.Select(i => node.Inputs[i]).ToArray();
        if (runtime.FirstOrDefault(t => !IsRuntime(t)) is { } constant)
        {
            throw construction.Error($"its kernel reads '{constant}' at run time, but no stage computes it (it is a constant).");
        }

        if (node.Inputs.FirstOrDefault(t => IsRuntime(t) && !runtime.Contains(t)) is { } unread)
        {
            throw construction.Error($"its input '{unread}' depends on the request, but its kernel takes it as a constant.");
        }

        foreach (var output in construction.Outputs)
        {
            specs[output.TensorName] = output;
        }

        return new KernelStage(node.Name, node.Op, kernel, runtime, [.. construction.Outputs.Select(o => o.TensorName)]);
    }
}

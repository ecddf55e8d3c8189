using Onnx;
using SealServe.Core.Errors;
using SealServe.TensorFlow.Kernels;
using SealServe.TensorFlow.Plan;
using SealServe.TensorFlow.Translation.Graph;
using SealServe.TensorFlow.Translation.Onnx;
using SealServe.TensorFlow.Translation.Optimizers;
using SealServe.TensorFlow.Translation.Rewriters;
using GraphDef = Tensorflow.GraphDef;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// Translates a TensorFlow graph (a SavedModel MetaGraph or a frozen GraphDef) into what the engine runs, in memory:
/// rewriters (function inlining) → cut at the fed tensors and prune to the outputs → one translator per node →
/// optimizers (constant folding, dead-node removal). Ops ONNX lacks run as host kernels between ONNX parts
/// (<see cref="Plan"/>); a graph without them is one ONNX model (<see cref="Translate"/>).
/// </summary>
public static class GraphTranslator
{
    /// <summary>The TensorFlow op types that can be translated (function calls, which are inlined, included), sorted.</summary>
    public static IReadOnlyList<string> SupportedOps { get; } = [.. OpTranslatorRegistry.Default.OpNames.Concat(FunctionInliner.CallOps).Concat(CondRewriter.CondOps).Concat(WhileLoopRewriter.LoopOps).Concat(TensorArrayRewriter.ArrayOps).Order(StringComparer.Ordinal)];

    /// <summary>The TensorFlow op types run by host kernels (in C#, between ONNX stages), sorted.</summary>
    public static IReadOnlyList<string> KernelOps { get; } = KernelRegistry.Default.OpNames;

    /// <summary>
    /// Plans <paramref name="request"/>: ONNX stages and host-kernel stages. Fails with <see cref="StatusCode.Unimplemented"/>
    /// listing every op type that has neither a translator nor a kernel (count, first node), or with
    /// <see cref="StatusCode.InvalidArgument"/> naming the node that cannot be translated or bound.
    /// </summary>
    public static ServingPlan Plan(TranslationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return PlanGraph(request);
        }
        catch (ServingException error)
        {
            throw new ServingException(error.Code, $"Model '{request.ModelName}': {error.Message}", error);
        }
    }

    /// <summary>
    /// Translates <paramref name="request"/> into one ONNX model whose inputs and outputs carry the request's TF tensor
    /// names; fails (UNIMPLEMENTED) when the graph needs host kernels, which one ONNX model cannot hold.
    /// </summary>
    public static ModelProto Translate(TranslationRequest request)
    {
        var plan = Plan(request);
        if (plan.Stages is [OnnxStage only])
        {
            return only.Model;
        }

        var kernels = plan.Kernels.GroupBy(k => k.Op).Select(g => $"{g.Key} (first node '{g.First().NodeName}')");
        throw ServingException.Unimplemented(
            $"Model '{request.ModelName}': ops with no ONNX equivalent run as host kernels, which one ONNX model cannot hold: {string.Join(", ", kernels)}.");
    }

    /// <summary>
    /// The op types the outputs need that SealServe cannot run (no translator, and no host kernel where a kernel can run),
    /// after inlining functions and cutting at <paramref name="inputs"/>, without translating: what <c>sealserve inspect</c>
    /// lists. Empty when all are supported.
    /// </summary>
    public static IReadOnlyList<UnsupportedOp> FindUnsupportedOps(GraphDef graph, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var tfGraph = TfGraph.From(graph);
        var prepared = PreparedGraph.Prepare(tfGraph, Cut(tfGraph, inputs, outputs));
        return OpSupport.FindUnsupported(prepared, OpTranslatorRegistry.Default, tfGraph.Functions, KernelRegistry.Default);
    }

    /// <summary>
    /// Translates the part of an already prepared <paramref name="graph"/> between <paramref name="inputs"/> and
    /// <paramref name="outputs"/> into one ONNX model, and returns the translation context too (for what it learnt of shapes).
    /// </summary>
    internal static (ModelProto Model, TranslationContext Context) TranslateStage(TfGraph graph, IReadOnlyList<GraphInput> inputs, IReadOnlyList<string> outputs, GraphResources resources, string modelName)
    {
        var cut = Cut(graph, inputs.Select(i => i.TensorName), outputs);
        var prepared = PreparedGraph.Prepare(graph, cut);
        var context = TranslationContext.ForModel(resources, graph.Functions, cut.Fed, OpTranslatorRegistry.Default);
        context.Graph.Name = modelName;
        foreach (var input in inputs)
        {
            AddInput(context, input);
        }

        context.TranslateNodes(prepared);
        foreach (var output in outputs.Distinct(StringComparer.Ordinal))
        {
            AddOutput(context, output);
        }

        OnnxOptimizers.Run(context);
        return (Model(context), context);
    }

    private static ServingPlan PlanGraph(TranslationRequest request)
    {
        var inputs = request.Inputs.DistinctBy(i => TensorName.Normalize(i.TensorName)).ToArray();
        var outputs = request.Outputs.Distinct(StringComparer.Ordinal).ToArray();
        var graph = TfGraph.From(request.Graph);
        var prepared = PreparedGraph.Prepare(graph, Cut(graph, inputs.Select(i => i.TensorName), outputs));
        var unsupported = OpSupport.FindUnsupported(prepared, OpTranslatorRegistry.Default, graph.Functions, KernelRegistry.Default);
        if (unsupported.Count > 0)
        {
            throw ServingException.Unimplemented($"TensorFlow ops that SealServe can neither translate to ONNX nor run as host kernels: {string.Join(", ", unsupported)}.");
        }

        if (!prepared.Nodes.Any(GraphPartitioner.IsKernelNode))
        {
            var model = TranslateStage(graph, inputs, outputs, GraphResources.Of(request), request.ModelName).Model;
            return new ServingPlan(inputs, [new OnnxStage(model, [.. inputs.Select(i => i.TensorName)], outputs)], outputs);
        }

        var normalizedInputs = inputs.Select(i => i with { TensorName = TensorName.Normalize(i.TensorName) }).ToArray();
        var normalizedOutputs = outputs.Select(TensorName.Normalize).Distinct(StringComparer.Ordinal).ToArray();
        var stages = GraphPartitioner.Partition(graph, prepared, normalizedInputs, normalizedOutputs, GraphResources.Of(request), request.ModelName);
        return new ServingPlan(normalizedInputs, stages, normalizedOutputs);
    }

    private static GraphCut Cut(TfGraph graph, IEnumerable<string> inputs, IReadOnlyList<string> outputs)
    {
        var fed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var tensor = TensorName.Normalize(input);
            if (!graph.Contains(TensorName.NodeOf(tensor)))
            {
                throw ServingException.InvalidArgument($"Input tensor '{input}' names no node of the graph.");
            }

            fed.Add(tensor);
        }

        return new GraphCut(fed, [.. outputs.Select(TensorName.Normalize).Distinct(StringComparer.Ordinal)]);
    }

    private static void AddInput(TranslationContext context, GraphInput input)
    {
        if (!context.ReserveName(input.TensorName))
        {
            throw ServingException.InvalidArgument($"Input tensor name '{input.TensorName}' is used twice.");
        }

        context.Bind(TensorName.Normalize(input.TensorName), input.TensorName);
        context.Graph.Input.Add(OnnxValueInfo.Tensor(input.TensorName, input.DataType, input.Shape));
        if (input.Shape is { UnknownRank: false } shape)
        {
            context.SetShape(input.TensorName, [.. shape.Dims.Select(d => d.Size)]);
        }
    }

    private static void AddOutput(TranslationContext context, string output)
    {
        var value = context.Lookup(TensorName.Normalize(output))
            ?? throw ServingException.InvalidArgument($"Output tensor '{output}' was not computed.");
        if (value != output)
        {
            if (!context.ReserveName(output))
            {
                throw ServingException.InvalidArgument($"Output tensor name '{output}' is already the name of another value.");
            }

            context.Emit("Identity", [value], output: output);
        }

        context.Graph.Output.Add(new ValueInfoProto { Name = output });
    }

    private static ModelProto Model(TranslationContext context)
    {
        var model = new ModelProto
        {
            IrVersion = OnnxOpset.IrVersionFor(context.Opset),
            ProducerName = "SealServe",
            ProducerVersion = typeof(GraphTranslator).Assembly.GetName().Version?.ToString() ?? string.Empty,
            Graph = context.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = context.Opset });
        foreach (var (domain, version) in context.Domains)
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        }

        return model;
    }
}

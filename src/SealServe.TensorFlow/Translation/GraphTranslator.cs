using Onnx;
using SealServe.Core.Errors;
using SealServe.TensorFlow.Translation.Graph;
using SealServe.TensorFlow.Translation.Onnx;
using SealServe.TensorFlow.Translation.Optimizers;
using SealServe.TensorFlow.Translation.Rewriters;
using GraphDef = Tensorflow.GraphDef;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// Translates a TensorFlow graph (a SavedModel MetaGraph or a frozen GraphDef) into an ONNX model in memory:
/// rewriters (function inlining) → cut at the fed tensors and prune to the outputs → one translator per
/// node → optimizers (constant folding, dead-node removal).
/// </summary>
public static class GraphTranslator
{
    /// <summary>The TensorFlow op types that can be translated (function calls, which are inlined, included), sorted.</summary>
    public static IReadOnlyList<string> SupportedOps { get; } = [.. OpTranslatorRegistry.Default.OpNames.Concat(FunctionInliner.CallOps).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Translates <paramref name="request"/>. ONNX inputs and outputs carry the request's TF tensor names.
    /// Fails with <see cref="StatusCode.Unimplemented"/> listing every unsupported op type (count, first node)
    /// or with <see cref="StatusCode.InvalidArgument"/> naming the node that cannot be translated.
    /// </summary>
    public static ModelProto Translate(TranslationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return TranslateGraph(request);
        }
        catch (ServingException error)
        {
            throw new ServingException(error.Code, $"Model '{request.ModelName}': {error.Message}", error);
        }
    }

    /// <summary>
    /// The op types the outputs need that have no translator (after inlining functions and cutting at
    /// <paramref name="inputs"/>), without translating: what <c>sealserve inspect</c> lists. Empty when all are supported.
    /// </summary>
    public static IReadOnlyList<UnsupportedOp> FindUnsupportedOps(GraphDef graph, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var tfGraph = TfGraph.From(graph);
        var prepared = PreparedGraph.Prepare(tfGraph, Cut(tfGraph, inputs, outputs));
        return OpSupport.FindUnsupported(prepared, OpTranslatorRegistry.Default, tfGraph.Functions);
    }

    private static ModelProto TranslateGraph(TranslationRequest request)
    {
        var inputs = request.Inputs.DistinctBy(i => TensorName.Normalize(i.TensorName)).ToArray();
        var graph = TfGraph.From(request.Graph);
        var cut = Cut(graph, inputs.Select(i => i.TensorName), request.Outputs);
        var prepared = PreparedGraph.Prepare(graph, cut);

        var context = TranslationContext.ForModel(request.Variables, graph.Functions, cut.Fed, OpTranslatorRegistry.Default);
        context.Graph.Name = request.ModelName;
        foreach (var input in inputs)
        {
            AddInput(context, input);
        }

        context.TranslateNodes(prepared);
        foreach (var output in request.Outputs.Distinct(StringComparer.Ordinal))
        {
            AddOutput(context, output);
        }

        OnnxOptimizers.Run(context);
        return Model(context);
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
        return model;
    }
}

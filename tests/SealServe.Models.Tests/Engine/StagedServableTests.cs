using Microsoft.Extensions.Options;
using Onnx;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Engine;
using SealServe.Models.Loading;
using SealServe.Models.Sources;
using SealServe.Sealing;
using SealServe.TensorFlow.Kernels;
using SealServe.TensorFlow.Plan;
using SealServe.TensorFlow.Translation;
using SealServe.TestKit;
using SealServe.Sealing.Storage;

namespace SealServe.Models.Tests.Engine;

public sealed class StagedServableTests
{
    private static readonly Signature Signature = new(
        "staged",
        Signature.PredictMethod,
        new Dictionary<string, TensorSpec> { ["x"] = new("x:0", DataType.Float, null) },
        new Dictionary<string, TensorSpec> { ["y"] = new("y", DataType.Float, null), ["a"] = new("a:0", DataType.Float, null) });

    [Fact]
    public async Task RunAsync_OnnxKernelOnnx_PassesValuesAcrossStagesAndTypesLaterInputs()
    {
        var kernel = new PlusHundred();
        using var servable = StagedServable.Create(Plan(kernel), new EngineOptions { IntraOpThreads = 1 }, CpuExecutionProvider.Instance, new Dictionary<string, Signature> { ["staged"] = Signature });
        using var x = Tensor.FromValues(new TensorShape(2, 1), 1f, 2f);

        var outputs = await servable.RunAsync(Signature, ["x:0"], [x], ["y"], CancellationToken.None);

        // y = (−x + 100) + 2x: the second session reads the kernel's output and a value of the first session.
        using var y = Assert.Single(outputs);
        Assert.Equal([101f, 102f], y.AsSpan<float>().ToArray());
        Assert.Equal(1, kernel.Calls);
    }

    [Fact]
    public async Task RunAsync_OutputOfTheFirstStage_SkipsTheStagesAfterIt()
    {
        var kernel = new PlusHundred();
        using var servable = StagedServable.Create(Plan(kernel), new EngineOptions { IntraOpThreads = 1 }, CpuExecutionProvider.Instance, new Dictionary<string, Signature> { ["staged"] = Signature });
        using var x = Tensor.FromValues(new TensorShape(1, 1), 3f);

        var outputs = await servable.RunAsync(Signature, ["x:0"], [x], ["a:0"], CancellationToken.None);

        using var a = Assert.Single(outputs);
        Assert.Equal([-3f], a.AsSpan<float>().ToArray());
        Assert.Equal(0, kernel.Calls);
    }

    [Fact]
    public async Task RunAsync_FedTensorAsked_ReturnsACopyTheCallerOwns()
    {
        using var servable = StagedServable.Create(Plan(new PlusHundred()), new EngineOptions(), CpuExecutionProvider.Instance, new Dictionary<string, Signature> { ["staged"] = Signature });
        using var x = Tensor.FromValues(new TensorShape(1, 1), 3f);

        var outputs = await servable.RunAsync(Signature, ["x:0"], [x], ["x:0"], CancellationToken.None);

        using var copy = Assert.Single(outputs);
        Assert.NotSame(x, copy);
        Assert.Equal([3f], copy.AsSpan<float>().ToArray());
    }

    [Fact]
    public async Task RunAsync_KernelFails_ReportsItsErrorAndNodeAsTensorFlowDoes()
    {
        using var servable = StagedServable.Create(Plan(new PlusHundred { Fail = true }), new EngineOptions(), CpuExecutionProvider.Instance, new Dictionary<string, Signature> { ["staged"] = Signature });
        using var x = Tensor.FromValues(new TensorShape(1, 1), 3f);

        var error = await Assert.ThrowsAsync<ServingException>(async () => await servable.RunAsync(Signature, ["x:0"], [x], ["y"], CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("bad value\n\t [[{{node k}}]]", error.Message);
    }

    [Fact]
    public async Task Load_HalfPlusTwoClassifySignature_ParsesExamplesInTheEngine()
    {
        using var servable = LoadHalfPlusTwo();
        var signature = servable.Signatures["regress_x_to_y2"];
        using var examples = Tensor.CreateStrings(new TensorShape(2), [Example(1f), Example(4f)]);

        var outputs = await servable.RunAsync(signature, ["tf_example:0"], [examples], ["y2:0"], CancellationToken.None);

        using var y2 = Assert.Single(outputs);
        Assert.Equal([3.5f, 5f], y2.AsSpan<float>().ToArray());
    }

    [Fact]
    public async Task FindExampleParse_HalfPlusTwo_FedTheParseOutputsComputesWhatTheExamplesGive()
    {
        using var servable = LoadHalfPlusTwo();
        var signature = servable.Signatures["regress_x_to_y2"];
        var front = servable.FindExampleParse(signature, "tf_example:0");
        Assert.NotNull(front);
        using var accumulator = front.Begin(2);
        var guess = -1;
        var x = accumulator.Find("x"u8, ref guess);
        foreach (var value in new[] { 1f, 4f })
        {
            accumulator.BeginExample();
            accumulator.AddFloats(x, [value]);
            accumulator.EndExample();
        }

        var parsed = accumulator.Finish();
        var outputs = await servable.RunAsync(signature, front.OutputNames, parsed, ["y2:0"], CancellationToken.None);

        using var y2 = Assert.Single(outputs);
        Assert.Equal([3.5f, 5f], y2.AsSpan<float>().ToArray());
        Assert.Null(servable.FindExampleParse(servable.Signatures["serving_default"], "x:0"));
        foreach (var tensor in parsed)
        {
            tensor.Dispose();
        }
    }

    private static IServable LoadHalfPlusTwo()
    {
        var folder = Corpus.Require("tfserving/saved_model_half_plus_two_cpu/00000123");
        var loader = new SavedModelLoader(new EngineOptions { IntraOpThreads = 1 }, ExecutionProviders.CpuOnly, Options.Create(new ModelServingOptions()));
        return loader.Load(new VersionDirectory(123, new FolderVersion(folder)), new PlainVersionFiles(new FolderVersion(folder)), CancellationToken.None);
    }

    /// <summary>A serialized tf.Example with one float feature <c>x</c>.</summary>
    private static byte[] Example(float x)
    {
        var example = new Tensorflow.Example { Features = new Tensorflow.Features() };
        example.Features.Feature["x"] = new Tensorflow.Feature { FloatList = new Tensorflow.FloatList { Value = { x } } };
        return Google.Protobuf.MessageExtensions.ToByteArray(example);
    }

    /// <summary>x → [a = −x, b = 2x] (ONNX); k = a + 100 (kernel); y = k + b (ONNX, b typed by the first session).</summary>
    private static ServingPlan Plan(IHostKernel kernel)
    {
        var first = Model(
            [Input("x:0", 1)],
            [Node("Neg", ["x:0"], "a:0"), Node("Mul", ["x:0", "two"], "b:0")],
            ["a:0", "b:0"],
            Constant("two", 2f));
        var second = Model([Input("k:0", 1), Input("b:0", 0)], [Node("Add", ["k:0", "b:0"], "y:0")], ["y:0"]);
        return new ServingPlan(
            [new GraphInput("x:0", DataType.Float, null)],
            [new OnnxStage(first, ["x:0"], ["a:0", "b:0"]), new KernelStage("k", "PlusHundred", kernel, ["a:0"], ["k:0"]), new OnnxStage(second, ["k:0", "b:0"], ["y:0"])],
            ["y:0", "a:0"]);
    }

    private static ModelProto Model(ValueInfoProto[] inputs, NodeProto[] nodes, string[] outputs, TensorProto? initializer = null)
    {
        var graph = new GraphProto { Name = "stage" };
        graph.Input.AddRange(inputs);
        graph.Node.AddRange(nodes);
        graph.Output.AddRange(outputs.Select(o => new ValueInfoProto { Name = o }));
        if (initializer is not null)
        {
            graph.Initializer.Add(initializer);
        }

        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 18 });
        return model;
    }

    private static ValueInfoProto Input(string name, int elementType) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType } } };

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static TensorProto Constant(string name, float value) => new() { Name = name, DataType = (int)TensorProto.Types.DataType.Float, FloatData = { value } };

    private sealed class PlusHundred : IHostKernel
    {
        public int Calls { get; private set; }

        public bool Fail { get; init; }

        public Tensor[] Compute(ReadOnlySpan<Tensor> inputs)
        {
            Calls++;
            if (Fail)
            {
                throw ServingException.InvalidArgument("bad value");
            }

            var output = Tensor.Allocate(DataType.Float, inputs[0].Shape);
            for (var i = 0; i < output.Shape.ElementCount; i++)
            {
                output.AsSpan<float>()[i] = inputs[0].AsSpan<float>()[i] + 100;
            }

            return [output];
        }
    }
}

using SealServe.Core.Tensors;
using SealServe.TensorFlow.SavedModel;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.SavedModel;

public sealed class StatefulSignaturesTests
{
    [Fact]
    public void Analyze_Counter_ServesTheCounterAsStateOfEverySignature()
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(TfCorpus.Counter), SavedModelReader.DefaultTags, "dir");

        var stateful = StatefulSignatures.Analyze(bundle.MetaGraph);

        var counter = Assert.Single(stateful.Variables);
        Assert.Equal(("counter:0", DataType.Float), (counter.TensorName, counter.DataType));
        Assert.Empty(stateful.Refused);
        Assert.Equal(["counter:0"], stateful.Uses["get_counter"].Reads.Select(r => r.TensorName));
        Assert.Empty(stateful.Uses["get_counter"].Updates);
        Assert.Equal([new StateUpdate("counter:0", "incr_counter_op/AssignAdd:0")], stateful.Uses["incr_counter"].Updates);
        Assert.Equal([new StateUpdate("counter:0", "incr_counter_by_op/AssignAdd:0")], stateful.Uses["incr_counter_by"].Updates);
        Assert.Equal([new StateUpdate("counter:0", "reset_counter_op/Assign:0")], stateful.Uses["reset_counter"].Updates);
        Assert.Equal([0f], stateful.InitialValues(bundle.Variables)["counter:0"].AsSpan<float>().ToArray());
    }

    [Theory]
    [InlineData("tfserving/saved_model_half_plus_two_cpu/00000123")]
    [InlineData("tfserving/saved_model_half_plus_two_tf2_cpu/00000123")]
    [InlineData("tf/SciSharp__TensorFlow.NET__keras_simple_auto_compile/1")]
    [InlineData("tf/iteam1__predict-series-data-with-RNN__keras_lstm/1")]
    public void Analyze_InferenceOnlyModels_HaveNoState(string folder)
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(TestKit.Corpus.Require(folder)), SavedModelReader.DefaultTags, "dir");

        var stateful = StatefulSignatures.Analyze(bundle.MetaGraph);

        Assert.Empty(stateful.Variables);
        Assert.Empty(stateful.Refused);
        Assert.All(stateful.Uses.Values, u => Assert.True(u.IsEmpty));
    }

    [Fact]
    public void Analyze_ResourceVariableAssignBehindAControlDependency_RefusesThatSignatureAlone()
    {
        var graph = new GraphDef();
        graph.Node.Add(Node("x", "Placeholder"));
        graph.Node.Add(Node("y", "Neg", "x"));
        graph.Node.Add(Node("v", "VarHandleOp"));
        graph.Node.Add(Node("one", "Const"));
        graph.Node.Add(Node("bump", "AssignAddVariableOp", "v", "one"));
        graph.Node.Add(Node("read", "ReadVariableOp", "v", "^bump"));
        var metaGraph = new MetaGraphDef { GraphDef = graph };
        metaGraph.SignatureDef["serving_default"] = Signature("y:0", "x:0");
        metaGraph.SignatureDef["bump"] = Signature("read:0");

        var stateful = StatefulSignatures.Analyze(metaGraph);

        Assert.Equal(["bump"], stateful.Refused.Keys);
        Assert.StartsWith("it changes variable state with AssignAddVariableOp (node 'bump')", stateful.Refused["bump"], StringComparison.Ordinal);
        Assert.True(stateful.Uses["serving_default"].IsEmpty);
    }

    [Fact]
    public void Analyze_TwoAssignsOfOneVariableInARun_RefusesTheSignature()
    {
        var graph = new GraphDef();
        graph.Node.Add(Node("v", "VariableV2"));
        graph.Node.Add(Node("one", "Const"));
        graph.Node.Add(Node("a", "AssignAdd", "v", "one"));
        graph.Node.Add(Node("b", "AssignAdd", "v", "one", "^a"));
        var metaGraph = new MetaGraphDef { GraphDef = graph };
        metaGraph.SignatureDef["twice"] = Signature("b:0");

        var stateful = StatefulSignatures.Analyze(metaGraph);

        Assert.StartsWith("it assigns variable 'v' more than once in a run", stateful.Refused["twice"], StringComparison.Ordinal);
    }

    private static NodeDef Node(string name, string op, params string[] inputs)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        node.Attr["dtype"] = new AttrValue { Type = Tensorflow.DataType.DtFloat };
        return node;
    }

    private static SignatureDef Signature(string output, string? input = null)
    {
        var signature = new SignatureDef { MethodName = "tensorflow/serving/predict" };
        signature.Outputs["out"] = new TensorInfo { Name = output };
        if (input is not null)
        {
            signature.Inputs["in"] = new TensorInfo { Name = input };
        }

        return signature;
    }
}

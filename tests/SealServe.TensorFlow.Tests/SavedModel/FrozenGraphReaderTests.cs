using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.SavedModel;
using SealServe.TestKit;

namespace SealServe.TensorFlow.Tests.SavedModel;

public sealed class FrozenGraphReaderTests
{
    [Fact]
    public void Read_CifarFrozenGraph_PlaceholderIsTheInputAndTheSinkTheOutput()
    {
        var graph = FrozenGraphReader.Read(File.ReadAllBytes(Corpus.Require("tf/dotnet__machinelearning-testdata__cifar_frozen/frozen_model.pb")), "frozen_model.pb");

        var input = Assert.Single(FrozenGraphReader.Inputs(graph));
        Assert.Equal("Input:0", input.TensorName);
        Assert.Equal(DataType.Float, input.DataType);
        Assert.Equal("[-1,32,32,3]", input.Shape!.ToString());
        Assert.Equal(["Output:0"], FrozenGraphReader.Outputs(graph));
    }

    [Fact]
    public void Outputs_TrainingGraph_LeavesOutSideEffectSinks()
    {
        var graph = FrozenGraphReader.Read(File.ReadAllBytes(Corpus.Require("tf/tensorflow__rust__regression_graphdef/model.pb")), "model.pb");

        Assert.DoesNotContain(FrozenGraphReader.Outputs(graph), o => o.StartsWith("init", StringComparison.Ordinal) || o.StartsWith("train", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Truncated_FailsWithDataLossNamingTheFile()
    {
        var bytes = File.ReadAllBytes(Corpus.Require("tf/onnx__tensorflow-onnx__fc-layers_frozen/frozen.pb"))[..5000];

        var error = Assert.Throws<ServingException>(() => FrozenGraphReader.Read(bytes, "frozen.pb"));

        Assert.Equal(StatusCode.DataLoss, error.Code);
        Assert.StartsWith("frozen.pb is not a valid GraphDef", error.Message, StringComparison.Ordinal);
    }
}

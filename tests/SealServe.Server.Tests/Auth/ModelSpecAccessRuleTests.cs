using SealServe.Server.Auth;
using Tensorflow.Serving;

namespace SealServe.Server.Tests.Auth;

public sealed class ModelSpecAccessRuleTests
{
    private readonly ModelSpecAccessRule rule = new();

    [Fact]
    public void For_PredictRequest_NamesItsModel()
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "m" } };
        request.Inputs["x"] = new Tensorflow.TensorProto { FloatVal = { 1f } };

        var requirement = rule.For("/tensorflow.serving.PredictionService/Predict", request);

        Assert.Equal(AccessLevel.Models, requirement!.Value.Level);
        Assert.Equal(["m"], requirement.Value.ModelNames);
    }

    [Fact]
    public void For_MultiInference_NamesEveryTasksModel()
    {
        var request = new MultiInferenceRequest
        {
            Tasks = { new InferenceTask { ModelSpec = new ModelSpec { Name = "a" } }, new InferenceTask { ModelSpec = new ModelSpec { Name = "b" } } },
        };

        var requirement = rule.For("/tensorflow.serving.PredictionService/MultiInference", request);

        Assert.Equal(["a", "b"], requirement!.Value.ModelNames);
    }

    [Fact]
    public void For_ModelSpecUnsetOrNameless_TouchesNoModel()
    {
        var requirement = rule.For("/tensorflow.serving.ModelService/GetModelStatus", new GetModelStatusRequest());

        Assert.Equal(AccessRequirement.Authenticated, requirement);
    }

    [Fact]
    public void For_MessageThatCannotCarryAModelSpec_IsNotKnown()
    {
        var requirement = rule.For("/tensorflow.serving.ModelService/HandleReloadConfigRequest", new ReloadConfigRequest());

        Assert.Null(requirement);
    }
}

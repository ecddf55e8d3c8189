using Google.Protobuf.Reflection;
using Tensorflow.Serving;

namespace SealServe.Protos.Tests;

/// <summary>The gRPC surface of tfserving-api.md §3.1: service names, method names and message types.</summary>
public sealed class ServiceDescriptorTests
{
    [Fact]
    public void PredictionService_Methods_MatchPublishedSurface()
    {
        var service = PredictionService.Descriptor;

        Assert.Equal("tensorflow.serving.PredictionService", service.FullName);
        AssertMethods(
            service,
            ("Classify", "tensorflow.serving.ClassificationRequest", "tensorflow.serving.ClassificationResponse"),
            ("Regress", "tensorflow.serving.RegressionRequest", "tensorflow.serving.RegressionResponse"),
            ("Predict", "tensorflow.serving.PredictRequest", "tensorflow.serving.PredictResponse"),
            ("MultiInference", "tensorflow.serving.MultiInferenceRequest", "tensorflow.serving.MultiInferenceResponse"),
            ("GetModelMetadata", "tensorflow.serving.GetModelMetadataRequest", "tensorflow.serving.GetModelMetadataResponse"));
    }

    [Fact]
    public void ModelService_Methods_MatchPublishedSurface()
    {
        var service = ModelService.Descriptor;

        Assert.Equal("tensorflow.serving.ModelService", service.FullName);
        AssertMethods(
            service,
            ("GetModelStatus", "tensorflow.serving.GetModelStatusRequest", "tensorflow.serving.GetModelStatusResponse"),
            ("HandleReloadConfigRequest", "tensorflow.serving.ReloadConfigRequest", "tensorflow.serving.ReloadConfigResponse"));
    }

    [Fact]
    public void SessionService_Methods_MatchPublishedSurface()
    {
        AssertMethods(
            SessionService.Descriptor,
            ("SessionRun", "tensorflow.serving.SessionRunRequest", "tensorflow.serving.SessionRunResponse"));
    }

    [Fact]
    public void SignatureDefMap_TypeUrl_IsWhatClientsUnpack()
    {
        var any = Google.Protobuf.WellKnownTypes.Any.Pack(new SignatureDefMap());

        Assert.Equal("type.googleapis.com/tensorflow.serving.SignatureDefMap", any.TypeUrl);
    }

    private static void AssertMethods(ServiceDescriptor service, params (string Name, string Input, string Output)[] expected)
    {
        var actual = service.Methods
            .Select(m => (m.Name, m.InputType.FullName, m.OutputType.FullName, m.IsClientStreaming, m.IsServerStreaming))
            .ToList();

        Assert.Equal(expected.Select(e => (e.Name, e.Input, e.Output, false, false)), actual);
    }
}

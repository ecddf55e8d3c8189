using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Server.Warmup;
using SealServe.TestKit;
using Tensorflow.Serving;
using static SealServe.FunctionalTests.TensorFlow.ExampleRequests;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Warmup;

/// <summary>Warmup records of Classify, Regress and MultiInference requests, replayed on TF Serving's half_plus_two before it is AVAILABLE.</summary>
public sealed class ExampleWarmupTests : IDisposable
{
    private const string WarmupPath = "assets.extra/tf_serving_warmup_requests";
    private readonly TempModelRepository repository = new();

    [Fact]
    public async Task Warmup_ClassifyRegressAndMultiInferenceRecords_AreReplayed()
    {
        var multi = new MultiInferenceRequest { Input = Xs(1f) };
        multi.Tasks.Add(new InferenceTask { ModelSpec = Spec("recorded", "regress_x_to_y"), MethodName = "tensorflow/serving/regress" });
        multi.Tasks.Add(new InferenceTask { ModelSpec = Spec("recorded", "classify_x_to_y"), MethodName = "tensorflow/serving/classify" });
        CopyHalfPlusTwo(
            new PredictionLog { ClassifyLog = new ClassifyLog { Request = new ClassificationRequest { ModelSpec = Spec("recorded", "classify_x_to_y"), Input = Xs(1f, 2f) } } },
            new PredictionLog { RegressLog = new RegressLog { Request = new RegressionRequest { ModelSpec = Spec("recorded", "regress_x_to_y2"), Input = Xs(3f) } } },
            new PredictionLog { MultiInferenceLog = new MultiInferenceLog { Request = multi } });

        await using var server = await TestServer.StartAsync([ModelConfig.Create("warm", repository.BasePath)]);

        Assert.Contains(server.Logs.Lines, l => l.Contains("warm version 123: 3 records replayed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Warmup_ClassifyRecordForAPredictSignature_FailsTheLoadWithTfServingsText()
    {
        CopyHalfPlusTwo(new PredictionLog { ClassifyLog = new ClassifyLog { Request = new ClassificationRequest { ModelSpec = Spec("recorded", string.Empty), Input = Xs(1f) } } });

        var error = await Assert.ThrowsAsync<ServingException>(() => TestServer.StartAsync([ModelConfig.Create("warm", repository.BasePath)]));

        Assert.Contains("No classification inputs found in SignatureDef", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => repository.Dispose();

    private void CopyHalfPlusTwo(params PredictionLog[] logs)
    {
        var source = Corpus.Require("tfserving/saved_model_half_plus_two_cpu/00000123");
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(source, f), File.ReadAllBytes(f)))
            .Append((WarmupPath, Records(logs)))
            .ToArray();
        repository.AddVersion("00000123", files);
    }

    private static byte[] Records(PredictionLog[] logs)
    {
        using var file = new MemoryStream();
        foreach (var log in logs)
        {
            TfRecordFile.Write(file, log.ToByteArray());
        }

        return file.ToArray();
    }
}

using System.Text;
using System.Text.Json;
using Google.Protobuf;
using SealServe.Server.Warmup;
using SealServe.TestKit;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Warmup;

/// <summary>Model warmup: records replayed before a version becomes AVAILABLE; a damaged file fails that version's load.</summary>
public sealed class WarmupTests
{
    [Fact]
    public async Task WarmupFile_ReplayedBeforeVersionIsAvailable()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", ("model.onnx", TestModels.HalfPlusTwo()), (WarmupPath, Records(Log(1f, 2f), Log(5f))));

        await using var server = await TestServer.StartAsync([ModelConfig.Create("warm", repository.BasePath)]);

        var lines = server.Logs.Lines;
        var warmed = IndexOf(lines, "Finished reading warmup data for model warm version 1: 2 records replayed");
        var loaded = IndexOf(lines, "Successfully loaded warm version 1");
        Assert.True(warmed >= 0 && warmed < loaded, string.Join("\n", lines));
    }

    [Fact]
    public async Task WarmupFile_Disabled_NotReplayed()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", ("model.onnx", TestModels.HalfPlusTwo()), (WarmupPath, Records(Log(1f))));

        await using var server = await TestServer.StartAsync([ModelConfig.Create("cold", repository.BasePath)], configureModels: o => o.EnableModelWarmup = false);

        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("warmup data", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WarmupRecordCommand_WritesFileTheServerReplays()
    {
        using var repository = new TempModelRepository();
        var version = repository.AddVersion("1", TestModels.HalfPlusTwo());
        var requests = Path.Combine(repository.BasePath, "..", "requests.jsonl");
        File.WriteAllLines(requests, ["{\"instances\": [1.0, 2.0]}", "", "{\"signature_name\": \"serving_default\", \"inputs\": {\"x\": [[3.0]]}}"]);

        var (exitCode, output, _) = await ServerProcess.RunAsync(
            $"dotnet \"{Path.Combine(AppContext.BaseDirectory, "sealserve.dll")}\" warmup record --model_base_path={repository.BasePath} --model_name=warm --requests {requests}",
            RepositoryRoot.Path,
            TimeSpan.FromMinutes(1));
        await using var server = await TestServer.StartAsync([ModelConfig.Create("warm", repository.BasePath)]);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"Wrote 2 warmup record(s) to {Path.Combine(version, WarmupPath)}", output, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Lines, l => l.Contains("warm version 1: 2 records replayed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("crc", "DATA_LOSS", "corrupted record at 0. Please verify your warmup data is in TFRecord format")]
    [InlineData("truncated", "DATA_LOSS", "truncated record at")]
    [InlineData("not a log", "INVALID_ARGUMENT", "Failed to parse warmup record:")]
    [InlineData("wrong input", "INVALID_ARGUMENT", "input size does not match signature")]
    public async Task DamagedWarmupFile_NewVersionFailsOldKeepsServing(string damage, string code, string message)
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        await using var server = await TestServer.StartAsync([ModelConfig.Create("warm", repository.BasePath)]);

        repository.AddVersion("2", ("model.onnx", TestModels.HalfPlusTwo()), (WarmupPath, DamagedRecords(damage)));
        var status = await WaitForVersionEndAsync(server, 2);

        Assert.Equal(code, status.GetProperty("status").GetProperty("error_code").GetString());
        Assert.Contains(message, status.GetProperty("status").GetProperty("error_message").GetString(), StringComparison.Ordinal);
        var predict = await server.Http.PostAsync("/v1/models/warm:predict", new StringContent("{\"instances\": [1.0]}", Encoding.UTF8));
        Assert.True(predict.IsSuccessStatusCode);
    }

    private const string WarmupPath = "assets.extra/tf_serving_warmup_requests";

    private static byte[] DamagedRecords(string damage)
    {
        var records = new MemoryStream();
        if (damage == "not a log")
        {
            TfRecordFile.Write(records, [0xFF, 0xFF, 0xFF]);
        }
        else
        {
            var log = Log(1f);
            if (damage == "wrong input")
            {
                log.PredictLog.Request.Inputs["z"] = log.PredictLog.Request.Inputs["x"];
            }

            TfRecordFile.Write(records, log.ToByteArray());
        }

        var bytes = records.ToArray();
        if (damage == "crc")
        {
            bytes[^1] ^= 0x01;
        }
        else if (damage == "truncated")
        {
            bytes = bytes[..^3];
        }

        return bytes;
    }

    private static byte[] Records(params PredictionLog[] logs)
    {
        using var file = new MemoryStream();
        foreach (var log in logs)
        {
            TfRecordFile.Write(file, log.ToByteArray());
        }

        return file.ToArray();
    }

    private static PredictionLog Log(params float[] x)
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "recorded-under-another-name" } };
        request.Inputs["x"] = new Tensorflow.TensorProto
        {
            Dtype = Tensorflow.DataType.DtFloat,
            TensorShape = new Tensorflow.TensorShapeProto { Dim = { new Tensorflow.TensorShapeProto.Types.Dim { Size = x.Length } } },
            FloatVal = { x },
        };
        return new PredictionLog { PredictLog = new PredictLog { Request = request } };
    }

    private static async Task<JsonElement> WaitForVersionEndAsync(TestServer server, long version)
    {
        for (var i = 0; i < 300; i++)
        {
            using var response = await server.Http.GetAsync($"/v1/models/warm/versions/{version}");
            if (response.IsSuccessStatusCode)
            {
                var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("model_version_status")[0];
                if (status.GetProperty("state").GetString() == "END")
                {
                    return status;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"version {version} never reached END");
    }

    private static int IndexOf(IReadOnlyList<string> lines, string text)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Contains(text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

using System.Text;
using System.Text.Json;
using SealServe.TestKit;
using Tensorflow.Serving;

namespace SealServe.FunctionalTests;

/// <summary>New versions appear on disk under load: no request fails, and the status tells the story.</summary>
public sealed class HotSwapTests
{
    [Fact]
    public async Task NewVersions_WhileClientsSendRequests_ZeroFailuresAndStatusShowsSwap()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.AffineModel("v1", 0f, 1f));
        await using var server = await TestServer.StartAsync("swap", repository.BasePath);
        var seen = new HashSet<float>();
        var failures = new List<string>();
        using var stop = new CancellationTokenSource();

        var clients = new[] { RunRestClientAsync(server, seen, failures, stop.Token), RunGrpcClientAsync(server, seen, failures, stop.Token) };
        await WaitUntilAsync(() => Seen(seen, 1f));
        repository.AddVersion("2", TestModels.AffineModel("v2", 0f, 2f));
        await WaitUntilAsync(() => Seen(seen, 2f));

        // Keep sending a little longer so requests also run while version 1 unloads.
        await Task.Delay(1500);
        await stop.CancelAsync();
        var requests = (await Task.WhenAll(clients)).Sum();

        Assert.Empty(failures);
        Assert.True(requests > 20, $"only {requests} requests were sent");
        var status = await server.Models.GetModelStatusAsync(new GetModelStatusRequest { ModelSpec = new ModelSpec { Name = "swap" } });
        Assert.Equal(
            [(2L, ModelVersionStatus.Types.State.Available), (1L, ModelVersionStatus.Types.State.End)],
            status.ModelVersionStatus.Select(s => (s.Version, s.State)));
        Assert.All(status.ModelVersionStatus, s => Assert.Equal(Tensorflow.Error.Code.Ok, s.Status.ErrorCode));
    }

    private static async Task<int> RunRestClientAsync(TestServer server, HashSet<float> seen, List<string> failures, CancellationToken stop)
    {
        var count = 0;
        while (!stop.IsCancellationRequested)
        {
            using var response = await server.Http.PostAsync("/v1/models/swap:predict", new StringContent("{\"instances\": [5.0]}", Encoding.UTF8), CancellationToken.None);
            var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                Record(failures, $"REST {(int)response.StatusCode}: {text}");
                continue;
            }

            using var json = JsonDocument.Parse(text);
            Record(seen, json.RootElement.GetProperty("predictions")[0].GetSingle());
            count++;
        }

        return count;
    }

    private static async Task<int> RunGrpcClientAsync(TestServer server, HashSet<float> seen, List<string> failures, CancellationToken stop)
    {
        var count = 0;
        while (!stop.IsCancellationRequested)
        {
            var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "swap" } };
            request.Inputs["x"] = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new Tensorflow.TensorShapeProto { Dim = { new Tensorflow.TensorShapeProto.Types.Dim { Size = 1 } } }, FloatVal = { 5f } };
            try
            {
                var response = await server.Prediction.PredictAsync(request, cancellationToken: CancellationToken.None);
                Record(seen, response.Outputs["y"].FloatVal[0]);
                count++;
            }
            catch (Grpc.Core.RpcException e)
            {
                Record(failures, $"gRPC {e.Status}");
            }
        }

        return count;
    }

    private static void Record<T>(ICollection<T> collection, T item)
    {
        lock (collection)
        {
            collection.Add(item);
        }
    }

    private static bool Seen(HashSet<float> seen, float value)
    {
        lock (seen)
        {
            return seen.Contains(value);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the new version to serve");
            await Task.Delay(20);
        }
    }
}

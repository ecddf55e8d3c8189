using System.Net;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using SealServe.Models.Batching;
using SealServe.Models.Loading;
using SealServe.TestKit;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Batching;

/// <summary>
/// A batching server whose one batch thread is kept busy: a full queue answers 429 over REST and
/// RESOURCE_EXHAUSTED over gRPC, and a gRPC deadline ends a request while it waits.
/// </summary>
public sealed class BatchingQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempModelRepository repository = new();
    private readonly BlockingLoader loader = new();
    private TestServer? server;

    private TestServer Server => server!;

    public async ValueTask InitializeAsync()
    {
        repository.AddVersion("1", [], BlockingLoader.FileName);
        server = await TestServer.StartAsync(
            [ModelConfig.Create("blocker", repository.BasePath)],
            configureServices: services => services.AddSingleton<IModelLoader>(loader),
            configureModels: o => o.Batching = new BatchingOptions { MaxBatchSize = 1, MaxEnqueuedBatches = 1, NumBatchThreads = 1 });
    }

    public async ValueTask DisposeAsync()
    {
        loader.Hold.Set();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        repository.Dispose();
    }

    [Fact]
    public async Task Predict_QueueFull_Rest429AndGrpcResourceExhausted()
    {
        var running = await StartBlockingRunAsync();

        // Of two more requests one waits in the queue (max_enqueued_batches=1) and the other is refused at once.
        Task<(HttpStatusCode Status, string Body)>[] rest = [PostAsync(), PostAsync()];
        var refusedTask = await Task.WhenAny(rest).WaitAsync(Patience);
        var refused = await refusedTask;
        var grpcError = await Assert.ThrowsAsync<RpcException>(() => Server.Prediction.PredictAsync(Request()).ResponseAsync);
        loader.Hold.Set();
        var queued = await (refusedTask == rest[0] ? rest[1] : rest[0]).WaitAsync(Patience);
        await running.WaitAsync(Patience);

        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.Contains("The batch scheduling queue to which this task was submitted is full", refused.Body, StringComparison.Ordinal);
        Assert.Equal(StatusCode.ResourceExhausted, grpcError.StatusCode);
        Assert.StartsWith("The batch scheduling queue to which this task was submitted is full", grpcError.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, queued.Status);
    }

    [Fact]
    public async Task Predict_DeadlinePassesWhileQueued_DeadlineExceededAndLeavesTheQueue()
    {
        var running = await StartBlockingRunAsync();

        var error = await Assert.ThrowsAsync<RpcException>(
            () => Server.Prediction.PredictAsync(Request(), deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync.WaitAsync(Patience));
        var next = await QueueOneAsync();
        loader.Hold.Set();
        await running.WaitAsync(Patience);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.WaitAsync(Patience)).Status);
    }

    /// <summary>Sends a request that occupies the only batch thread until <see cref="BlockingLoader.Hold"/> is set.</summary>
    private async Task<Task<PredictResponse>> StartBlockingRunAsync()
    {
        loader.Hold.Reset();
        var running = Server.Prediction.PredictAsync(Request()).ResponseAsync;
        await loader.Entered.WaitAsync(Patience);
        return running;
    }

    /// <summary>
    /// A REST request that waits in the queue: retried while it is refused, which it is until the server has
    /// taken the expired request out (the client may see the deadline a moment before the server does).
    /// </summary>
    private async Task<Task<(HttpStatusCode Status, string Body)>> QueueOneAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var probe = PostAsync();
            if (await Task.WhenAny(probe, Task.Delay(TimeSpan.FromMilliseconds(200))) != probe)
            {
                return probe;
            }

            Assert.Equal((HttpStatusCode)429, (await probe).Status);
        }

        throw new InvalidOperationException("The expired request never left the queue.");
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync()
    {
        using var response = await Server.Http.PostAsync("/v1/models/blocker:predict", new StringContent("{\"instances\": [1.5]}", Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static PredictRequest Request()
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "blocker" } };
        var x = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new Tensorflow.TensorShapeProto() };
        x.TensorShape.Dim.Add(new Tensorflow.TensorShapeProto.Types.Dim { Size = 1 });
        x.FloatVal.Add(1.5f);
        request.Inputs["x"] = x;
        return request;
    }
}

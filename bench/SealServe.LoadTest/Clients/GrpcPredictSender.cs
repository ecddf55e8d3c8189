using Grpc.Net.Client;
using SealServe.LoadTest.Load;
using Tensorflow.Serving;

namespace SealServe.LoadTest.Clients;

/// <summary>Predict over one shared <see cref="GrpcChannel"/> (HTTP/2, streams multiplexed), as a TF Serving client does.</summary>
internal sealed class GrpcPredictSender(PredictionService.PredictionServiceClient client, PredictRequest request) : IRequestSender
{
    public bool IsBlocking => false;

    /// <summary>A channel with no message limits (Predict messages can be large) and one HTTP/2 connection.</summary>
    public static GrpcChannel CreateChannel(int port) => GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions
    {
        MaxReceiveMessageSize = null,
        MaxSendMessageSize = null,
        HttpHandler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
        },
    });

    public ValueTask SendAsync(CancellationToken cancellationToken) =>
        new(client.PredictAsync(request, cancellationToken: cancellationToken).ResponseAsync);
}

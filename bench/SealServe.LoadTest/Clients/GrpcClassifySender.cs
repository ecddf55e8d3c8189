using SealServe.LoadTest.Load;
using Tensorflow.Serving;

namespace SealServe.LoadTest.Clients;

/// <summary>Classify over one shared channel, like <see cref="GrpcPredictSender"/>.</summary>
internal sealed class GrpcClassifySender(PredictionService.PredictionServiceClient client, ClassificationRequest request) : IRequestSender
{
    public bool IsBlocking => false;

    public ValueTask SendAsync(CancellationToken cancellationToken) =>
        new(client.ClassifyAsync(request, cancellationToken: cancellationToken).ResponseAsync);
}

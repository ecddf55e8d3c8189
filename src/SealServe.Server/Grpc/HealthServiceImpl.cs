using Grpc.Core;
using Grpc.Health.V1;
using SealServe.Server.Monitoring;

namespace SealServe.Server.Grpc;

/// <summary>
/// <c>grpc.health.v1.Health</c> (<c>--enable_grpc_healthcheck_service</c>) for the whole server (<c>""</c>), its two
/// services by full name, and by the short names TF Serving registers: SERVING when <see cref="ServingHealth"/> says so.
/// A watch gets each change; when the server begins to drain it gets NOT_SERVING and its stream ends, so shutdown
/// does not wait for it.
/// </summary>
internal sealed class HealthServiceImpl(ServingHealth health) : Health.HealthBase
{
    private static readonly HashSet<string> Services = new(StringComparer.Ordinal)
    {
        string.Empty, "tensorflow.serving.PredictionService", "tensorflow.serving.ModelService", "PredictionService", "ModelService",
    };

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
        Services.Contains(request.Service)
            ? Task.FromResult(new HealthCheckResponse { Status = Status() })
            : throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, $"unknown service {request.Service}"));

    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        if (!Services.Contains(request.Service))
        {
            await responseStream.WriteAsync(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.ServiceUnknown }).ConfigureAwait(false);
            return;
        }

        HealthCheckResponse.Types.ServingStatus? sent = null;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var changed = health.Changed;
            var status = Status();
            if (status != sent)
            {
                await responseStream.WriteAsync(new HealthCheckResponse { Status = status }).ConfigureAwait(false);
                sent = status;
            }

            if (health.IsDraining)
            {
                return;
            }

            try
            {
                await changed.WaitAsync(Poll, context.CancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private HealthCheckResponse.Types.ServingStatus Status() =>
        health.Check().Serving ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing;
}

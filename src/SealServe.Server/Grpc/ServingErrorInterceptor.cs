using Grpc.Core;
using Grpc.Core.Interceptors;
using SealServe.Core.Errors;

namespace SealServe.Server.Grpc;

/// <summary>
/// Maps the serving path's errors to gRPC status at the edge: a <see cref="ServingException"/> keeps its
/// code (TF codes are gRPC codes) and message (truncated to 1024 characters, as TF Serving does);
/// a cancelled call becomes DEADLINE_EXCEEDED or CANCELLED. Also caps concurrent calls (<c>--grpc_max_threads</c>).
/// </summary>
internal sealed class ServingErrorInterceptor(ServerOptions options) : Interceptor
{
    private const int MaxMessageLength = 1024;
    private readonly SemaphoreSlim slots = new(options.GrpcMaxThreads);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await slots.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            try
            {
                return await continuation(request, context).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
        catch (ServingException e)
        {
            throw new RpcException(new Status((global::Grpc.Core.StatusCode)(int)e.Code, Truncate(e.Message)));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            var expired = context.Deadline <= DateTime.UtcNow;
            throw new RpcException(expired
                ? new Status(global::Grpc.Core.StatusCode.DeadlineExceeded, "Deadline exceeded")
                : new Status(global::Grpc.Core.StatusCode.Cancelled, "Cancelled"));
        }
    }

    /// <summary>
    /// TF Serving's cut at 1024 characters, and no trailing whitespace: HTTP/2 header values lose it, and some
    /// clients (grpc-js) then see an empty message.
    /// </summary>
    internal static string Truncate(string message) =>
        (message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength), "...TRUNCATED")).TrimEnd();
}

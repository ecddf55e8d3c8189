using Grpc.Core;
using Grpc.Core.Interceptors;

namespace SealServe.Server.Auth;

/// <summary>
/// Access control of every gRPC method, before it runs: the first <see cref="IGrpcAccessRule"/> that knows a call says
/// what it needs (admin when none does). Refusals are UNAUTHENTICATED or PERMISSION_DENIED.
/// </summary>
internal sealed class GrpcAccessInterceptor(IEnumerable<IGrpcAccessRule> rules, AccessControl access) : Interceptor
{
    private readonly IGrpcAccessRule[] rules = rules.ToArray();

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await CheckAsync(request, context).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await CheckAsync(request, context).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await CheckAsync(null, context).ConfigureAwait(false);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await CheckAsync(null, context).ConfigureAwait(false);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    private async Task CheckAsync(object? request, ServerCallContext context)
    {
        var check = await access.CheckAsync(Requirement(context.Method, request), context.RequestHeaders.GetValue("authorization"), "grpc", context.Method, context.Peer).ConfigureAwait(false);
        if (check.Verdict != AccessVerdict.Allowed)
        {
            throw new RpcException(new Status(check.Verdict == AccessVerdict.Unauthenticated ? StatusCode.Unauthenticated : StatusCode.PermissionDenied, check.Message));
        }
    }

    private AccessRequirement Requirement(string method, object? request)
    {
        foreach (var rule in rules)
        {
            if (rule.For(method, request) is { } requirement)
            {
                return requirement;
            }
        }

        return AccessRequirement.Admin;
    }
}

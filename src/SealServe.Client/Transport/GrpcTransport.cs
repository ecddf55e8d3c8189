using Grpc.Core;
using Grpc.Net.Client;

namespace SealServe.Client.Transport;

/// <summary>
/// A gRPC channel as <see cref="SealServeClientOptions"/> describe it: TLS from the address and handler, and per call
/// the bearer token, one deadline over all attempts, and retries of UNAVAILABLE with doubling waits (the same rule as
/// <see cref="RestTransport"/>; the channel's own retry policy would jitter the waits and skip requests over its buffer).
/// </summary>
internal sealed class GrpcTransport : IDisposable
{
    private readonly SealServeClientOptions options;
    private readonly bool ownsChannel;

    public GrpcTransport(Uri address, SealServeClientOptions? options)
    {
        this.options = options ?? new SealServeClientOptions();
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = this.options.CreateHandler(),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = this.options.MaxReceiveMessageBytes,
            MaxSendMessageSize = null,
        });
        ownsChannel = true;
    }

    public GrpcTransport(ChannelBase channel, SealServeClientOptions? options)
    {
        this.options = options ?? new SealServeClientOptions();
        Channel = channel;
    }

    public ChannelBase Channel { get; }

    /// <summary>Makes a unary call, retrying it while the server answers UNAVAILABLE (or cannot be reached) and time is left.</summary>
    public async Task<TResponse> CallAsync<TResponse>(Func<CallOptions, AsyncUnaryCall<TResponse>> call, CancellationToken cancellationToken)
    {
        var headers = options.BearerToken is { } token ? new Metadata { { "authorization", $"Bearer {token}" } } : null;
        DateTime? deadline = options.Deadline is { } limit ? DateTime.UtcNow + limit : null;
        var callOptions = new CallOptions(headers, deadline, cancellationToken);
        var wait = options.RetryBackoff;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var pending = call(callOptions);
                return await pending.ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt < options.MaxRetries && (deadline is null || DateTime.UtcNow + wait < deadline))
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                wait *= 2;
            }
        }
    }

    public void Dispose()
    {
        if (ownsChannel)
        {
            (Channel as IDisposable)?.Dispose();
        }
    }
}

using System.Globalization;
using SealServe.Core.Errors;

namespace SealServe.Server.Grpc;

/// <summary>
/// TF Serving's <c>--grpc_channel_arguments</c> (<c>key=value,key=value</c>), for the gRPC core arguments that have a
/// Kestrel or ASP.NET Core gRPC counterpart. Any other key stops start-up: an argument set must mean what it says.
/// </summary>
public sealed record GrpcChannelArguments
{
    /// <summary>The keys understood, with what each sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> Supported = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["grpc.max_concurrent_streams"] = "HTTP/2 streams per connection",
        ["grpc.max_receive_message_length"] = "largest request message in bytes",
        ["grpc.max_send_message_length"] = "largest response message in bytes",
        ["grpc.keepalive_time_ms"] = "interval of HTTP/2 keepalive pings",
        ["grpc.keepalive_timeout_ms"] = "how long a keepalive ping may go unanswered",
        ["grpc.max_connection_idle_ms"] = "how long an idle connection stays open",
    };

    public int? MaxConcurrentStreams { get; init; }

    public int? MaxReceiveMessageLength { get; init; }

    public int? MaxSendMessageLength { get; init; }

    public TimeSpan? KeepaliveTime { get; init; }

    public TimeSpan? KeepaliveTimeout { get; init; }

    public TimeSpan? MaxConnectionIdle { get; init; }

    /// <summary>Parses the flag's text; INVALID_ARGUMENT naming an unknown key, a pair without <c>=</c> or a value that is not a positive integer.</summary>
    public static GrpcChannelArguments Parse(string text)
    {
        var arguments = new GrpcChannelArguments();
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                throw ServingException.InvalidArgument($"--grpc_channel_arguments: '{pair}' is not key=value");
            }

            var (key, value) = (parts[0], parts[1]);
            if (!Supported.ContainsKey(key))
            {
                throw ServingException.InvalidArgument(
                    $"--grpc_channel_arguments: {key} is not supported; SealServe maps {string.Join(", ", Supported.Keys)}");
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
            {
                throw ServingException.InvalidArgument($"--grpc_channel_arguments: {key} must be a positive integer; got '{value}'");
            }

            arguments = key switch
            {
                "grpc.max_concurrent_streams" => arguments with { MaxConcurrentStreams = number },
                "grpc.max_receive_message_length" => arguments with { MaxReceiveMessageLength = number },
                "grpc.max_send_message_length" => arguments with { MaxSendMessageLength = number },
                "grpc.keepalive_time_ms" => arguments with { KeepaliveTime = TimeSpan.FromMilliseconds(number) },
                "grpc.keepalive_timeout_ms" => arguments with { KeepaliveTimeout = TimeSpan.FromMilliseconds(number) },
                _ => arguments with { MaxConnectionIdle = TimeSpan.FromMilliseconds(number) },
            };
        }

        return arguments;
    }
}

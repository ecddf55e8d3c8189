using System.Net.Security;
using Microsoft.Extensions.Logging;
using SealServe.Server.Hosting;

namespace SealServe.Server.Tls;

/// <summary>
/// TLS of the gRPC port (<c>--ssl_config_file</c>, TF Serving's) and of the REST port
/// (<c>--rest_api_ssl_config_file</c>, ours), each re-read when its file changes: every new connection
/// shakes hands with the settings in effect, so certificates rotate without a restart.
/// </summary>
internal sealed class TlsEndpoints : IReloadable
{
    public TlsEndpoints(ServerOptions options, ILogger<TlsEndpoints> logger)
    {
        Grpc = Load("--ssl_config_file", options.SslConfigFile, SslApplicationProtocol.Http2, logger);
        Rest = Load("--rest_api_ssl_config_file", options.RestApiSslConfigFile, SslApplicationProtocol.Http11, logger);
    }

    /// <summary>The gRPC port's settings; null when it serves plain text.</summary>
    public ReloadingConfig<SslServerAuthenticationOptions>? Grpc { get; }

    /// <summary>The REST port's settings; null when it serves plain HTTP.</summary>
    public ReloadingConfig<SslServerAuthenticationOptions>? Rest { get; }

    public void ReloadIfChanged()
    {
        Grpc?.ReloadIfChanged();
        Rest?.ReloadIfChanged();
    }

    private static ReloadingConfig<SslServerAuthenticationOptions>? Load(string flag, string? path, SslApplicationProtocol protocol, ILogger logger) =>
        string.IsNullOrEmpty(path) ? null : new($"{flag} {path}", files => TlsSettings.Load(files, path, protocol), logger);
}

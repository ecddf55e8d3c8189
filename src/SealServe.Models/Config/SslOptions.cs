namespace SealServe.Models.Config;

/// <summary>
/// TF Serving's <c>SSLConfig</c>: TLS for the gRPC listeners (<c>--ssl_config_file</c>) and, in the same format,
/// for the REST port (<c>--rest_api_ssl_config_file</c>, ours). The key and certificates are PEM <em>text</em>,
/// not file names (a TF Serving quirk we keep).
/// </summary>
public sealed record SslOptions
{
    /// <summary><c>server_key</c>: the server's private key, PEM text. Required.</summary>
    public required string ServerKey { get; init; }

    /// <summary><c>server_cert</c>: the server's certificate (chain), PEM text. Required.</summary>
    public required string ServerCert { get; init; }

    /// <summary><c>custom_ca</c>: PEM certificates of the CAs client certificates are checked against. Defaults to empty (system roots).</summary>
    public string CustomCa { get; init; } = string.Empty;

    /// <summary><c>client_verify</c>: request and require a client certificate that verifies. Defaults to false.</summary>
    public bool ClientVerify { get; init; }

    /// <summary>Keeps key material out of logs and exception messages.</summary>
    public override string ToString() =>
        $"SslOptions {{ ServerKey = <{ServerKey.Length} chars>, ServerCert = <{ServerCert.Length} chars>, CustomCa = <{CustomCa.Length} chars>, ClientVerify = {ClientVerify} }}";
}

using System.CommandLine;
using SealServe.Server;

namespace SealServe.Cli.Commands.Serve;

/// <summary>
/// <c>serve</c>'s security flags: TF Serving's <c>--ssl_config_file</c>, and ours for TLS on the REST port, access
/// control, the audit log's own file and redacted errors.
/// </summary>
internal static class SecurityFlags
{
    public static readonly Option<string> SslConfigFile = TfServingFlags.Text(
        "--ssl_config_file", string.Empty, "Text-format SSLConfig (server_key, server_cert, custom_ca, client_verify: PEM contents) for TLS on the gRPC port; re-read when it changes.");

    public static readonly Option<string> RestApiSslConfigFile = TfServingFlags.Text(
        "--rest_api_ssl_config_file", string.Empty, "Text-format SSLConfig for TLS on the REST port (SealServe's addition); re-read when it changes.");

    public static readonly Option<string> AuthConfigFile = TfServingFlags.Text(
        "--auth_config_file", string.Empty, "Text-format AuthConfig (protos/sealserve/config/auth_config.proto): API keys and JWT rules, per model; re-read when it changes. SealServe's addition.");

    public static readonly Option<string> AuditLogFile = TfServingFlags.Text(
        "--audit_log_file", string.Empty, "Write the audit log (key uses, model loads and unloads, refused and admin calls) to this file as JSON lines, and nowhere else. SealServe's addition.");

    public static readonly Option<bool> RedactStatusErrors = TfServingFlags.Bool(
        "--redact_status_errors", false, "Keep absolute paths and key ids out of status and error answers to clients (the log keeps them). Unset: on with --auth_config_file. SealServe's addition.");

    public static IEnumerable<Option> All => [SslConfigFile, RestApiSslConfigFile, AuthConfigFile, AuditLogFile, RedactStatusErrors];

    /// <summary>Copies the flags into <paramref name="server"/>; the files are read when the server is created.</summary>
    public static void Apply(ParseResult result, ServerOptions server)
    {
        server.SslConfigFile = FullPathOrNull(result.GetValue(SslConfigFile));
        server.RestApiSslConfigFile = FullPathOrNull(result.GetValue(RestApiSslConfigFile));
        server.AuthConfigFile = FullPathOrNull(result.GetValue(AuthConfigFile));
        server.AuditLogFile = FullPathOrNull(result.GetValue(AuditLogFile));
        server.RedactStatusErrors = result.GetResult(RedactStatusErrors) is { Implicit: false } ? result.GetValue(RedactStatusErrors) : null;
    }

    private static string? FullPathOrNull(string? path) => string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path);
}

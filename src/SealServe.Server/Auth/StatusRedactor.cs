using System.Text.RegularExpressions;
using SealServe.Models.Management;

namespace SealServe.Server.Auth;

/// <summary>
/// <c>--redact_status_errors</c> (on by default with <c>--auth_config_file</c>): keeps the server's absolute paths and
/// sealing key ids out of what clients are told, in model status and in error answers; the log keeps them. A model's
/// base path becomes <c>&lt;base_path&gt;</c> (so <c>&lt;base_path&gt;/2/model.onnx</c> still says which file of which
/// version), a key id <c>&lt;key id&gt;</c>.
/// </summary>
internal sealed partial class StatusRedactor(ServerOptions options, ServableManager manager)
{
    public bool Enabled { get; } = options.RedactStatusErrors ?? options.AuthConfigFile is not null;

    public string Redact(string message)
    {
        if (!Enabled || message.Length == 0)
        {
            return message;
        }

        foreach (var basePath in manager.BasePaths.OrderByDescending(p => p.Length))
        {
            // Only where the path ends: /models/m must not eat the start of /models/mm.
            message = Regex.Replace(message, Regex.Escape(Path.TrimEndingDirectorySeparator(basePath)) + @"(?=[/\s:;,'""()]|$)", "<base_path>", RegexOptions.CultureInvariant);
        }

        return KeyId().Replace(message, "<key id>");
    }

    [GeneratedRegex(@"\b[0-9a-f]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex KeyId();
}

namespace SealServe.Core.Diagnostics;

/// <summary>
/// The audit log: one structured line per key use, model load and unload, failed authentication, refused call and
/// admin call, under its own logger category so it can be routed to its own sink (<c>--audit_log_file</c>).
/// Never a token, a key or plaintext.
/// </summary>
public static class Audit
{
    /// <summary>The logger category of every audit line.</summary>
    public const string Category = "SealServe.Audit";
}

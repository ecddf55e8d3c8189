namespace SealServe.Sealing.Keys;

/// <summary>The schemes of the built-in key providers, as <c>serve</c>'s flags name them.</summary>
internal static class KeyProviderNames
{
    /// <summary><c>--key_file</c>: a key file (<see cref="KeyFileFormat"/>).</summary>
    public const string File = "file";

    /// <summary><c>--key_env</c>: an environment variable holding the key text.</summary>
    public const string Environment = "env";

    /// <summary><c>--key_command</c>: a shell command whose standard output is the key text.</summary>
    public const string Command = "command";
}

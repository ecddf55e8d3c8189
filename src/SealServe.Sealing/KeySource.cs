using SealServe.Sealing.Keys;

namespace SealServe.Sealing;

/// <summary>One configured key: a provider scheme (<c>file</c>, <c>env</c>, <c>command</c>) and what that provider reads.</summary>
/// <param name="Scheme">The provider's name.</param>
/// <param name="Reference">A file path, a variable name or a command line, as the provider understands it.</param>
public sealed record KeySource(string Scheme, string Reference)
{
    public static KeySource File(string path) => new(KeyProviderNames.File, path);

    public static KeySource Environment(string variable) => new(KeyProviderNames.Environment, variable);

    public static KeySource Command(string commandLine) => new(KeyProviderNames.Command, commandLine);

    /// <summary>
    /// How messages name this source. A command line may carry tokens or secrets, so it is never shown;
    /// paths and variable names are what an operator needs to fix a mistake and hold no key.
    /// </summary>
    public string Describe() => Scheme switch
    {
        KeyProviderNames.File => $"--key_file {Reference}",
        KeyProviderNames.Environment => $"--key_env {Reference}",
        KeyProviderNames.Command => "--key_command",
        _ => $"key provider '{Scheme}'",
    };

    /// <summary>Records print their members; this one must not print a command line.</summary>
    public override string ToString() => Describe();
}

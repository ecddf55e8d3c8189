using SealServe.Core.Errors;
using SealServe.Sealing;
using SealServe.Sealing.Keys;

namespace SealServe.Cli.Commands;

/// <summary>Loads the keys named on a tool's command line with the built-in providers.</summary>
internal static class ToolKeys
{
    public static KeyRing Load(IReadOnlyList<KeySource> sources) =>
        KeyRing.Load(sources, [new FileKeyProvider(), new EnvironmentKeyProvider(), new CommandKeyProvider()]);

    /// <summary>Exactly one key, for verbs that seal: a file must name one key id.</summary>
    public static KeyEncryptionKey LoadOne(IReadOnlyList<KeySource> sources, string verb)
    {
        if (sources.Count != 1)
        {
            throw ServingException.InvalidArgument($"{verb} takes exactly one key (--key_file, --key_env or --key_command), not {sources.Count}");
        }

        using var ring = Load(sources);
        return KeyEncryptionKey.FromBytes(ring.Find(ring.Ids[0])!.Material);
    }
}

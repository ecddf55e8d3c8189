using System.CommandLine;
using SealServe.Core.Errors;
using SealServe.Sealing;
using SealServe.Sealing.Legacy;

namespace SealServe.Cli.Commands.Serve;

/// <summary>
/// <c>serve</c>'s flags for sealed models: key providers (each repeatable; a sealed file picks its key by id) and
/// the legacy cryptpb key. Errors about them never repeat their values.
/// </summary>
internal static class SealingFlags
{
    public static readonly KeyOptions Keys = new();

    public static readonly Option<string> LegacyCryptpbKey = new("--legacy_cryptpb_key")
    {
        Description = "Read saved_model.pb files encrypted by the old TF Serving fork (AES-128-CBC; the key is the first 16 bytes of this text).",
    };

    public static readonly Option<string> LegacyCryptpbIv = new("--legacy_cryptpb_iv")
    {
        Description = "The legacy files' CBC IV as 32 hex digits. Defaults to sixteen 0x37 bytes, the fork's fixed IV.",
    };

    public static readonly Option<bool> RequireSealedModels = TfServingFlags.Bool(
        "--require_sealed_models", false, "Refuse every model version that is not sealed (plain or legacy cryptpb files), so a plain model put into the store is never served.");

    public static IEnumerable<Option> All => [.. Keys.All, LegacyCryptpbKey, LegacyCryptpbIv, RequireSealedModels];

    /// <summary>The sealing options the flags ask for; throws INVALID_ARGUMENT naming the flag, never its value.</summary>
    public static SealingOptions Read(ParseResult result)
    {
        var options = new SealingOptions { RequireSealedModels = result.GetValue(RequireSealedModels) };
        foreach (var source in Keys.Sources(result))
        {
            options.Keys.Add(source);
        }

        if (result.GetValue(LegacyCryptpbKey) is { } legacyKey)
        {
            options.LegacyCryptpbKey = CryptpbReader.KeyFromText(legacyKey)
                ?? throw ServingException.InvalidArgument("--legacy_cryptpb_key must be at least 16 bytes long (the old fork used its first 16)");
        }

        if (result.GetValue(LegacyCryptpbIv) is { } iv)
        {
            options.LegacyCryptpbIv = iv.Length == 32 && iv.All(char.IsAsciiHexDigit)
                ? System.Convert.FromHexString(iv)
                : throw ServingException.InvalidArgument("--legacy_cryptpb_iv must be 32 hex digits (16 bytes)");
        }

        if (options.RequireSealedModels && options.Keys.Count == 0)
        {
            throw ServingException.InvalidArgument("--require_sealed_models needs a key to unseal with (--key_file, --key_env or --key_command)");
        }

        if (options.RequireSealedModels && options.LegacyCryptpbKey is not null)
        {
            throw ServingException.InvalidArgument("--require_sealed_models refuses legacy cryptpb files: drop --legacy_cryptpb_key, or seal the models with 'sealserve seal'");
        }

        return options;
    }
}

using SealServe.Sealing.Legacy;

namespace SealServe.Sealing;

/// <summary>How the server reads sealed models: which keys to load, and whether to read the legacy cryptpb format.</summary>
public sealed class SealingOptions
{
    /// <summary>
    /// The key-encryption keys, all loaded at start (<c>--key_file</c>, <c>--key_env</c>, <c>--key_command</c>,
    /// each repeatable); a sealed file picks its key by id. Empty by default: sealed files then fail to load.
    /// </summary>
    public IList<KeySource> Keys { get; } = [];

    /// <summary>
    /// <c>--legacy_cryptpb_key</c>: the 16-byte AES-128 key of the old fork's encrypted <c>saved_model.pb</c>.
    /// Null by default (legacy files are not read); when set, every <c>saved_model.pb</c> that is not sealed is decrypted with it.
    /// </summary>
    public byte[]? LegacyCryptpbKey { get; set; }

    /// <summary><c>--legacy_cryptpb_iv</c>: the CBC IV of legacy files. Defaults to sixteen 0x37 bytes, the fork's fixed IV.</summary>
    public byte[] LegacyCryptpbIv { get; set; } = CryptpbReader.DefaultIv;

    /// <summary>
    /// <c>--require_sealed_models</c>: refuse every version that is not sealed (plain and legacy cryptpb files),
    /// so a plain model put into the store is never served. Defaults to false: plain and sealed versions mix.
    /// </summary>
    public bool RequireSealedModels { get; set; }

    /// <summary>True when keys or a legacy key will be in memory: the process must then be hardened.</summary>
    public bool HoldsSecrets => Keys.Count > 0 || LegacyCryptpbKey is not null;

    /// <summary>Only the key's presence: options objects get printed, and a key must never be.</summary>
    public override string ToString() => $"SealingOptions {{ Keys = [{string.Join(", ", Keys)}], LegacyCryptpb = {(LegacyCryptpbKey is null ? "off" : "on")}, RequireSealedModels = {RequireSealedModels} }}";
}

using SealServe.Core.Errors;

namespace SealServe.Sealing.Keys;

/// <summary>The configured key-encryption keys by id: a sealed file names its key id, and the ring finds the key.</summary>
internal sealed class KeyRing : IDisposable
{
    private readonly Dictionary<string, KeyEncryptionKey> keys = new(StringComparer.Ordinal);

    public KeyRing(IEnumerable<KeyEncryptionKey> keys)
    {
        foreach (var key in keys)
        {
            // The same key given twice (two flags naming one file) is one key.
            if (!this.keys.TryAdd(key.Id, key))
            {
                key.Dispose();
            }
        }
    }

    public static KeyRing Empty => new([]);

    public bool IsEmpty => keys.Count == 0;

    /// <summary>Key ids in order, for messages and start-up logs.</summary>
    public IReadOnlyList<string> Ids => keys.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Loads every source with the provider of its scheme; throws on the first failure (validated at start, before any model loads).</summary>
    public static KeyRing Load(IEnumerable<KeySource> sources, IEnumerable<IKeyProvider> providers)
    {
        var byScheme = providers.ToDictionary(p => p.Scheme, StringComparer.Ordinal);
        var loaded = new List<KeyEncryptionKey>();
        try
        {
            foreach (var source in sources)
            {
                if (!byScheme.TryGetValue(source.Scheme, out var provider))
                {
                    throw ServingException.InvalidArgument($"{source.Describe()}: unknown key provider '{source.Scheme}' (known: {string.Join(", ", byScheme.Keys.Order(StringComparer.Ordinal))})");
                }

                loaded.Add(provider.Load(source));
            }
        }
        catch
        {
            loaded.ForEach(k => k.Dispose());
            throw;
        }

        return new KeyRing(loaded);
    }

    public KeyEncryptionKey? Find(string keyId) => keys.GetValueOrDefault(keyId);

    public void Dispose()
    {
        foreach (var key in keys.Values)
        {
            key.Dispose();
        }
    }
}

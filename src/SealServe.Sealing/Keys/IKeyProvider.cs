namespace SealServe.Sealing.Keys;

/// <summary>
/// Where key-encryption keys come from, chosen by <see cref="Scheme"/> (<see cref="KeyProviderNames"/>).
/// A new source (a KMS SDK, an HSM) is a new implementation registered in DI, never an edit to a switch.
/// </summary>
internal interface IKeyProvider
{
    /// <summary>The name a <see cref="KeySource"/> refers to: <c>file</c>, <c>env</c>, <c>command</c>.</summary>
    string Scheme { get; }

    /// <summary>
    /// Loads the key that <paramref name="source"/> points at. Throws a ServingException (FAILED_PRECONDITION)
    /// whose message describes the source with <see cref="KeySource.Describe"/>, never the key.
    /// </summary>
    KeyEncryptionKey Load(KeySource source);
}

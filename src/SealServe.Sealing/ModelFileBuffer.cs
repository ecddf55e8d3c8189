namespace SealServe.Sealing;

/// <summary>
/// The whole content of one model file in memory, possibly plaintext of a sealed file. Its one owner
/// disposes it as soon as the engine has taken what it needs; disposing zeroes the bytes.
/// </summary>
public sealed class ModelFileBuffer(byte[] bytes) : IDisposable
{
    private byte[]? bytes = bytes;

    /// <summary>The file content, exactly as long as the file (engines take whole arrays).</summary>
    public byte[] Bytes => bytes ?? throw new ObjectDisposedException(nameof(ModelFileBuffer));

    public void Dispose()
    {
        var held = Interlocked.Exchange(ref bytes, null);
        if (held is not null)
        {
            Array.Clear(held);
        }
    }
}

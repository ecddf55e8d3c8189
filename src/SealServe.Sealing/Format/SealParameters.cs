namespace SealServe.Sealing.Format;

/// <summary>What a file is sealed for: where it will be served from, until when, and its chunk size.</summary>
/// <param name="BoundPath">Where the sealed file belongs (<see cref="SealedPath"/>).</param>
/// <param name="NotAfter">Last instant the server may load it (whole seconds); null: no expiry.</param>
/// <param name="ChunkSize">Plaintext bytes per chunk.</param>
internal sealed record SealParameters(string BoundPath, DateTimeOffset? NotAfter = null, int ChunkSize = SealedFormat.DefaultChunkSize);

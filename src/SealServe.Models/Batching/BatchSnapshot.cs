namespace SealServe.Models.Batching;

/// <summary>What the flush policy sees of one batch: rows so far, when its first request arrived, whether it was closed.</summary>
/// <param name="Size">Rows (dimension 0) of the requests in it.</param>
/// <param name="OpenedAt">Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of its first request.</param>
/// <param name="Closed">A later request did not fit, so it takes no more rows and can run now.</param>
internal readonly record struct BatchSnapshot(int Size, long OpenedAt, bool Closed);

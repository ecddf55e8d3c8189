using SealServe.Sealing.Format;

namespace SealServe.Sealing.Tools;

/// <summary>What <c>inspect</c> learns about one file without a key.</summary>
/// <param name="File">The file.</param>
/// <param name="Kind">Sealed, plain, or sealed with a damaged magic.</param>
/// <param name="FileLength">Bytes on disk.</param>
/// <param name="Header">The sealed header, when it could be read.</param>
/// <param name="Problem">Why the file cannot be served as it is (unreadable header, moved, expired, wrong size), or null.</param>
internal sealed record FileInspection(ModelFile File, SealedFileKind Kind, long FileLength, SealedFileHeader? Header, string? Problem);

namespace SealServe.Sealing.Format;

/// <summary>What a file is, judged from its first bytes only (no key needed).</summary>
internal enum SealedFileKind
{
    /// <summary>Not sealed: read as it is.</summary>
    Plain,

    /// <summary>Starts with the sealed-file magic.</summary>
    Sealed,

    /// <summary>Starts with something a few bits away from the magic: a sealed file whose header was damaged.</summary>
    DamagedSeal,
}

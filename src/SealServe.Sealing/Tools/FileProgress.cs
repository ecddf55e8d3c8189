namespace SealServe.Sealing.Tools;

/// <summary>How far the tools are with one file: plaintext bytes done of the total, reported after each chunk.</summary>
internal readonly record struct FileProgress(string File, long Done, long Total);

namespace SealServe.Models.Sources;

/// <summary>One numbered version folder under a model's base path (<c>base_path/00000123</c> is version 123).</summary>
public sealed record VersionDirectory(long Version, string Path);

using Microsoft.Extensions.Logging.Abstractions;
using SealServe.Models.Sources;
using SealServe.TestKit;

namespace SealServe.Models.Tests.Sources;

public sealed class FileSystemModelSourceTests
{
    private readonly FileSystemModelSource source = new(NullLogger<FileSystemModelSource>.Instance);

    [Theory]
    [InlineData("1", 1)]
    [InlineData("00000123", 123)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void TryParseVersion_Numeric_Parses(string name, long expected)
    {
        Assert.True(FileSystemModelSource.TryParseVersion(name, out var version));
        Assert.Equal(expected, version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1a")]
    [InlineData("v1")]
    [InlineData(" 1")]
    [InlineData("9223372036854775808")]
    public void TryParseVersion_NotAVersion_False(string name)
    {
        Assert.False(FileSystemModelSource.TryParseVersion(name, out _));
    }

    [Fact]
    public void ListVersions_MixedEntries_KeepsNumberedFoldersAscending()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("10", [1]);
        repository.AddVersion("002", [1]);
        repository.AddVersion("junk", [1]);
        File.WriteAllText(Path.Combine(repository.BasePath, "7"), "a file, not a folder");

        var versions = source.ListVersions(repository.BasePath);

        Assert.Equal([2L, 10L], versions.Select(v => v.Version));
        Assert.EndsWith("002", versions[0].Path, StringComparison.Ordinal);
    }

    [Fact]
    public void ListVersions_SameNumberTwice_LaterNameWins()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", [1]);
        repository.AddVersion("001", [1]);

        var version = Assert.Single(source.ListVersions(repository.BasePath));

        Assert.Equal("1", Path.GetFileName(version.Path));
    }

    [Fact]
    public void ListVersions_MissingBasePath_ThrowsIOException()
    {
        var missing = Path.Combine(Path.GetTempPath(), "sealserve-missing-" + Guid.NewGuid());

        var error = Assert.ThrowsAny<IOException>(() => source.ListVersions(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}

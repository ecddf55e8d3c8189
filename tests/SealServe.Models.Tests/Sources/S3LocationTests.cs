using SealServe.Models.Sources.S3;

namespace SealServe.Models.Tests.Sources;

public sealed class S3LocationTests
{
    [Theory]
    [InlineData("s3://bucket/models/m", "bucket", "models/m", "models/m/")]
    [InlineData("s3://bucket/models/m/", "bucket", "models/m", "models/m/")]
    [InlineData("s3://bucket", "bucket", "", "")]
    public void Parse_BucketAndPrefix(string path, string bucket, string prefix, string keyPrefix)
    {
        var location = S3Location.Parse(path);

        Assert.Equal((bucket, prefix, keyPrefix), (location.Bucket, location.Prefix, location.KeyPrefix));
        Assert.Equal(path.TrimEnd('/'), location.ToString());
    }

    [Fact]
    public void Child_VersionFolder()
    {
        Assert.Equal("s3://bucket/models/m/00000002", S3Location.Parse("s3://bucket/models/m").Child("00000002").ToString());
    }

    [Theory]
    [InlineData("s3://")]
    [InlineData("s3:///m")]
    [InlineData("gs://bucket/m")]
    [InlineData("/models/m")]
    public void TryParse_NotAnS3Location_False(string path)
    {
        Assert.False(S3Location.TryParse(path, out _));
    }
}

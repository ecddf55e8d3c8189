using SealServe.Core.Errors;
using SealServe.Models.Sources.S3;

namespace SealServe.Models.Tests.Sources;

public sealed class S3SettingsTests
{
    [Fact]
    public void FromEnvironment_Nothing_LeavesAllToTheSdkChains()
    {
        var settings = Read();

        Assert.Equal(new S3Settings(), settings);
        Assert.True(settings.VerifySsl);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "http://127.0.0.1:9000/")]
    [InlineData("AWS_ENDPOINT_URL_S3", "https://minio.local", "https://minio.local/")]
    [InlineData("S3_ENDPOINT", "minio.local:9000", "https://minio.local:9000/")]
    [InlineData("S3_ENDPOINT", "http://minio.local:9000", "http://minio.local:9000/")]
    public void FromEnvironment_Endpoint_FromAwsOrTfServingNames(string name, string value, string expected)
    {
        Assert.Equal(new Uri(expected), Read((name, value)).Endpoint);
    }

    [Fact]
    public void FromEnvironment_S3UseHttpsOff_PlainHttpEndpoint()
    {
        Assert.Equal(new Uri("http://minio.local:9000/"), Read(("S3_ENDPOINT", "minio.local:9000"), ("S3_USE_HTTPS", "0")).Endpoint);
    }

    [Fact]
    public void FromEnvironment_S3SpecificEndpoint_WinsOverGeneralAndTfServing()
    {
        var settings = Read(("S3_ENDPOINT", "tf:1"), ("AWS_ENDPOINT_URL", "http://general:2"), ("AWS_ENDPOINT_URL_S3", "http://s3:3"));

        Assert.Equal(new Uri("http://s3:3/"), settings.Endpoint);
    }

    [Fact]
    public void FromEnvironment_VerifySslOff_Read()
    {
        Assert.False(Read(("S3_VERIFY_SSL", "0")).VerifySsl);
        Assert.True(Read(("S3_VERIFY_SSL", "1")).VerifySsl);
    }

    [Fact]
    public void FromEnvironment_RegionAndKeys_Read()
    {
        var settings = Read(("AWS_DEFAULT_REGION", "eu-west-1"), ("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "secret"), ("AWS_SESSION_TOKEN", "token"));

        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal(new S3Keys("AKID", "secret", "token"), settings.Keys);
        Assert.DoesNotContain("secret", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_KeyIdWithoutSecret_LeftToTheSdkChain()
    {
        Assert.Null(Read(("AWS_ACCESS_KEY_ID", "AKID")).Keys);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL", "ftp://host")]
    [InlineData("AWS_ENDPOINT_URL", "http://")]
    public void FromEnvironment_UnusableEndpoint_InvalidArgumentNamingIt(string name, string value)
    {
        var error = Assert.Throws<ServingException>(() => Read((name, value)));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.StartsWith($"{name}={value} is not an http(s) endpoint", error.Message, StringComparison.Ordinal);
    }

    private static S3Settings Read(params (string Name, string Value)[] variables) =>
        S3Settings.FromEnvironment(name => variables.FirstOrDefault(v => v.Name == name).Value);
}

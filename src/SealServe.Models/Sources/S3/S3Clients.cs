using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace SealServe.Models.Sources.S3;

/// <summary>Builds the AWS SDK's S3 client from <see cref="S3Settings"/>.</summary>
internal static class S3Clients
{
    /// <summary>TF Serving's region when none is configured.</summary>
    private const string DefaultRegion = "us-east-1";

    public static AmazonS3Client Create(S3Settings settings)
    {
        var region = settings.Region ?? FallbackRegionFactory.GetRegionEndpoint()?.SystemName ?? DefaultRegion;
        var config = new AmazonS3Config();
        if (settings.Endpoint is { } endpoint)
        {
            // S3-compatible servers take bucket names in the path, not in the host name.
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (!settings.VerifySsl)
        {
            config.HttpClientFactory = new UncheckedCertificates();
        }

        return settings.Keys is { } keys
            ? new AmazonS3Client(keys.SessionToken is null ? new BasicAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey) : new SessionAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey, keys.SessionToken), config)
            : new AmazonS3Client(config);
    }

    /// <summary><c>S3_VERIFY_SSL=0</c>: HTTPS without checking the server's certificate, as TF Serving does with it.</summary>
    private sealed class UncheckedCertificates : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });
    }
}

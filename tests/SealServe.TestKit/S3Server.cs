using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace SealServe.TestKit;

/// <summary>
/// A real S3-protocol server (s3rver, from npm) on 127.0.0.1 at a free port, with an empty bucket <see cref="Bucket"/>,
/// its data in a temporary folder; and an AWS SDK client to put and delete objects in it. s3rver checks request
/// signatures: only <see cref="AccessKey"/> / <see cref="SecretKey"/> are accepted.
/// </summary>
public sealed partial class S3Server : IDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string Bucket = "models";
    public const string Region = "us-east-1";

    private readonly Process process;
    private readonly DirectoryInfo data;

    private S3Server(Process process, DirectoryInfo data, Uri endpoint)
    {
        this.process = process;
        this.data = data;
        Endpoint = endpoint;
        Client = new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            AuthenticationRegion = Region,
            ForcePathStyle = true,

            // s3rver predates S3's flexible checksums (aws-chunked uploads with trailing checksums).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        });
    }

    public Uri Endpoint { get; }

    public AmazonS3Client Client { get; }

    /// <summary>The environment <c>sealserve</c> needs to reach this server (and never an instance-metadata address).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL"] = Endpoint.ToString(),
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_REGION"] = Region,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public static async Task<S3Server> StartAsync()
    {
        var s3rver = NodeTools.Require("node_modules/.bin/s3rver");
        var data = Directory.CreateTempSubdirectory("sealserve-s3-");
        var process = Process.Start(new ProcessStartInfo(s3rver, ["-d", data.FullName, "-a", "127.0.0.1", "-p", "0", "--configure-bucket", Bucket])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri($"http://127.0.0.1:{match.Groups[1].Value}"));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new S3Server(process, data, await listening.Task.WaitAsync(TimeSpan.FromMinutes(1)));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            data.Delete(recursive: true);
            throw;
        }
    }

    public Task PutAsync(string key, byte[] content) =>
        Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(content), UseChunkEncoding = false });

    /// <summary>Puts every file below <paramref name="folder"/> under <paramref name="prefix"/>, as <c>aws s3 cp --recursive</c> would.</summary>
    public async Task UploadFolderAsync(string folder, string prefix)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            await PutAsync($"{prefix}/{Path.GetRelativePath(folder, file).Replace('\\', '/')}", await File.ReadAllBytesAsync(file));
        }
    }

    /// <summary>Deletes every object whose key starts with <paramref name="prefix"/>.</summary>
    public async Task DeletePrefixAsync(string prefix)
    {
        var listing = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix });
        foreach (var entry in listing.S3Objects ?? [])
        {
            await Client.DeleteObjectAsync(Bucket, entry.Key);
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        data.Delete(recursive: true);
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}

using Amazon.S3;
using Amazon.S3.Model;
using SealServe.Core.Errors;
using SealServe.Sealing.Storage;

namespace SealServe.Models.Sources.S3;

/// <summary>
/// A version folder in an S3-compatible store: the objects listed under <c>base_path/&lt;version&gt;/</c> at the
/// scan that found it. Objects are streamed from S3 into memory and never touch the local disk.
/// </summary>
internal sealed class S3StoredVersion(IAmazonS3 client, S3Location version, IReadOnlyDictionary<string, S3Object> objects) : IStoredVersion
{
    public string Location { get; } = version.ToString();

    /// <summary>What the listing showed (names, sizes, ETags): a failed load is tried again once this changes.</summary>
    public string Fingerprint => string.Join('\n', objects.Select(o => $"{o.Key}|{o.Value.Size}|{o.Value.ETag}"));

    public IReadOnlyList<string> ListFiles() => objects.Keys.Order(StringComparer.Ordinal).ToArray();

    public bool Exists(string relativePath) => objects.ContainsKey(relativePath.Replace('\\', '/'));

    public byte[] ReadAll(string relativePath)
    {
        using var response = Get(relativePath, range: null);
        if (response.ContentLength > Array.MaxLength)
        {
            throw new ServingException(StatusCode.ResourceExhausted, $"{Path(relativePath)}: {response.ContentLength} bytes is more than one in-memory buffer holds");
        }

        var bytes = new byte[response.ContentLength];
        response.ResponseStream.ReadExactly(bytes);
        return bytes;
    }

    // The response body itself: a sealed file is decrypted a chunk at a time as it arrives.
    public Stream OpenRead(string relativePath) => Get(relativePath, range: null).ResponseStream;

    public int ReadStart(string relativePath, Span<byte> buffer)
    {
        // An empty object has no byte 0 to ask for (S3 answers 416).
        if (buffer.IsEmpty || (objects.TryGetValue(relativePath, out var listed) && listed.Size == 0))
        {
            return 0;
        }

        using var response = Get(relativePath, new ByteRange(0, buffer.Length - 1));
        return response.ResponseStream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
    }

    private GetObjectResponse Get(string relativePath, ByteRange? range)
    {
        var request = new GetObjectRequest { BucketName = version.Bucket, Key = version.KeyPrefix + relativePath.Replace('\\', '/'), ByteRange = range };
        return S3Errors.Call(Path(relativePath), () => client.GetObjectAsync(request));
    }

    private string Path(string relativePath) => $"{Location}/{relativePath}";
}

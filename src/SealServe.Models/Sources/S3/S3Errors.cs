using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using SealServe.Core.Errors;

namespace SealServe.Models.Sources.S3;

/// <summary>
/// S3's failures as ServingExceptions naming the location and what to do. Only UNAVAILABLE (the endpoint unreachable,
/// a 5xx after the SDK's own retries) may heal; wrong credentials, a missing bucket or a refused request fail the same
/// way every time.
/// </summary>
internal static class S3Errors
{
    /// <summary>Runs one S3 call synchronously (loaders read files synchronously, on the thread pool), mapping its failures.</summary>
    public static T Call<T>(string location, Func<Task<T>> call)
    {
        try
        {
            return call().GetAwaiter().GetResult();
        }
        catch (AmazonServiceException e)
        {
            throw From(e, location);
        }
        catch (AmazonClientException e)
        {
            throw From(e, location);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(location, e);
        }
    }

    public static ServingException NoObjects(S3Location location) =>
        ServingException.NotFound($"{location} holds no object: the base path does not exist (no key starts with '{location.KeyPrefix}' in bucket {location.Bucket})");

    public static ServingException From(AmazonServiceException error, string location) => (error.ErrorCode, error.StatusCode) switch
    {
        ("NoSuchBucket", _) => ServingException.NotFound($"{location}: the bucket does not exist ({error.Message})"),
        ("NoSuchKey", _) => ServingException.NotFound($"{location}: the object is gone: it was removed after the version was listed"),
        ("InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidToken" or "ExpiredToken" or "TokenRefreshRequired", _) =>
            new ServingException(StatusCode.Unauthenticated, $"{location}: S3 refused the credentials ({error.ErrorCode}: {error.Message}); check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the AWS profile"),
        (_, HttpStatusCode.Forbidden) =>
            new ServingException(StatusCode.PermissionDenied, $"{location}: access denied ({error.ErrorCode}: {error.Message}); the credentials need s3:ListBucket and s3:GetObject on it"),
        (_, >= HttpStatusCode.InternalServerError) or (_, HttpStatusCode.TooManyRequests) =>
            new ServingException(StatusCode.Unavailable, $"{location}: S3 answered {(int)error.StatusCode} {error.ErrorCode}: {error.Message}", error),
        _ => ServingException.FailedPrecondition($"{location}: S3 answered {(int)error.StatusCode} {error.ErrorCode}: {error.Message}"),
    };

    public static ServingException From(AmazonClientException error, string location) =>
        error.InnerException is HttpRequestException or IOException or TaskCanceledException or TimeoutException
            ? Unreachable(location, error.InnerException)
            : error.Message.Contains("credential", StringComparison.OrdinalIgnoreCase)
                ? new ServingException(StatusCode.Unauthenticated, $"{location}: no AWS credentials found ({error.Message}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or give the pod a role")
                : ServingException.FailedPrecondition($"{location}: {error.Message}");

    private static ServingException Unreachable(string location, Exception error) =>
        new(StatusCode.Unavailable, $"{location}: cannot reach S3: {error.Message}", error);
}

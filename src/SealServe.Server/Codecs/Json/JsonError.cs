using System.Buffers;
using System.Text;
using SealServe.Core.Errors;

namespace SealServe.Server.Codecs.Json;

/// <summary>TF Serving's REST error body (<c>{"error": "…"}</c>, pretty-printed) and HTTP status per canonical code.</summary>
internal static class JsonError
{
    /// <summary><c>{\n    "error": "&lt;message, JSON-escaped&gt;"\n}</c> as UTF-8.</summary>
    public static byte[] Format(string message)
    {
        var utf8 = Encoding.UTF8.GetBytes(message);
        var output = new ArrayBufferWriter<byte>(utf8.Length + 32);
        Span<int> levels = stackalloc int[4];
        var writer = new RapidJsonPrettyWriter(output, levels, escapeInvalidUtf8: true);
        try
        {
            writer.StartObject();
            writer.Key("error"u8);
            writer.String(utf8);
            writer.EndObject();
            writer.Flush();
        }
        finally
        {
            writer.Dispose();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>TF Serving's mapping of canonical codes to HTTP status codes (500 for anything else).</summary>
    public static int HttpStatus(StatusCode code) => code switch
    {
        StatusCode.Ok => 200,
        StatusCode.Cancelled => 499,
        StatusCode.Unknown => 500,
        StatusCode.InvalidArgument => 400,
        StatusCode.DeadlineExceeded => 504,
        StatusCode.NotFound => 404,
        StatusCode.AlreadyExists => 409,
        StatusCode.PermissionDenied => 403,
        StatusCode.Unauthenticated => 401,
        StatusCode.ResourceExhausted => 429,
        StatusCode.FailedPrecondition => 400,
        StatusCode.Aborted => 409,
        StatusCode.OutOfRange => 400,
        StatusCode.Unimplemented => 501,
        StatusCode.Internal => 500,
        StatusCode.Unavailable => 503,
        StatusCode.DataLoss => 500,
        _ => 500,
    };
}

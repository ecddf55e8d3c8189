using System.Text;
using System.Text.Json;
using SealServe.Core.Errors;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Tests.Codecs.Json;

public sealed class JsonErrorTests
{
    [Fact]
    public void Format_PlainMessage_PrettyPrintsLikeTfServing()
    {
        var body = JsonError.Format("Missing 'inputs' or 'instances' key");

        Assert.Equal("{\n    \"error\": \"Missing 'inputs' or 'instances' key\"\n}", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Format_QuotesNewlinesBackslashes_AreEscaped()
    {
        var body = JsonError.Format("JSON Value: {\n    \"a\": \"x\\y\"\n} bad\ttab");

        Assert.Equal("{\n    \"error\": \"JSON Value: {\\n    \\\"a\\\": \\\"x\\\\y\\\"\\n} bad\\ttab\"\n}", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Format_ControlCharacters_UseUpperCaseUnicodeEscapes()
    {
        var body = JsonError.Format("a\u0001b\u001fc\bd\fe\rf");

        Assert.Equal("{\n    \"error\": \"a\\u0001b\\u001Fc\\bd\\fe\\rf\"\n}", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Format_NonAsciiAndSlash_AreWrittenAsIs()
    {
        var body = JsonError.Format("é/ü 😀 \u007f");

        Assert.Equal("{\n    \"error\": \"é/ü 😀 \u007f\"\n}", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Format_AnyMessage_IsValidJsonHoldingTheMessage()
    {
        const string message = "x\"\\\n\u0000\ud800 end";

        var body = JsonError.Format(message);

        using var document = JsonDocument.Parse(body);
        Assert.Equal("x\"\\\n\u0000\ufffd end", document.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public void Format_EmptyMessage_HasEmptyString()
    {
        var body = JsonError.Format(string.Empty);

        Assert.Equal("{\n    \"error\": \"\"\n}", Encoding.UTF8.GetString(body));
    }

    [Theory]
    [InlineData(StatusCode.Ok, 200)]
    [InlineData(StatusCode.Cancelled, 499)]
    [InlineData(StatusCode.Unknown, 500)]
    [InlineData(StatusCode.InvalidArgument, 400)]
    [InlineData(StatusCode.DeadlineExceeded, 504)]
    [InlineData(StatusCode.NotFound, 404)]
    [InlineData(StatusCode.AlreadyExists, 409)]
    [InlineData(StatusCode.PermissionDenied, 403)]
    [InlineData(StatusCode.Unauthenticated, 401)]
    [InlineData(StatusCode.ResourceExhausted, 429)]
    [InlineData(StatusCode.FailedPrecondition, 400)]
    [InlineData(StatusCode.Aborted, 409)]
    [InlineData(StatusCode.OutOfRange, 400)]
    [InlineData(StatusCode.Unimplemented, 501)]
    [InlineData(StatusCode.Internal, 500)]
    [InlineData(StatusCode.Unavailable, 503)]
    [InlineData(StatusCode.DataLoss, 500)]
    [InlineData((StatusCode)99, 500)]
    public void HttpStatus_CanonicalCode_MapsLikeTfServing(StatusCode code, int expected)
    {
        var status = JsonError.HttpStatus(code);

        Assert.Equal(expected, status);
    }
}

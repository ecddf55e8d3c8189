using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SealServe.FunctionalTests;

/// <summary>TF Serving's REST API end to end: routes, bodies, status codes and error texts.</summary>
public sealed class RestApiTests(HalfPlusTwoServer fixture) : IClassFixture<HalfPlusTwoServer>
{
    private HttpClient Http => fixture.Server.Http;

    [Theory]
    [InlineData("/v1/models/half_plus_two:predict")]
    [InlineData("/v1/models/half_plus_two/versions/123:predict")]
    [InlineData("/V1/Models/half_plus_two:predict")]
    public async Task Predict_DemoRequest_TfServingResponse(string path)
    {
        var (status, body) = await PostAsync(path, "{\"instances\": [1.0, 2.0, 5.0]}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\n    \"predictions\": [2.5, 3.0, 4.5\n    ]\n}", body);
    }

    [Fact]
    public async Task Predict_Columnar_OutputsKey()
    {
        var (status, body) = await PostAsync("/v1/models/half_plus_two:predict", "{\"signature_name\": \"serving_default\", \"inputs\": {\"x\": [[1.0], [3.0]]}}");

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("[[2.5],[3.5]]", JsonSerializer.Serialize(json.RootElement.GetProperty("outputs")));
    }

    [Fact]
    public async Task Predict_GzipBody_Decompressed()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("{\"instances\": [4.0]}"u8);
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await Http.PostAsync("/v1/models/half_plus_two:predict", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("[4.0", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_AllVersions_TfServingJson()
    {
        using var response = await Http.GetAsync("/v1/models/half_plus_two");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "{\n \"model_version_status\": [\n  {\n   \"version\": \"123\",\n   \"state\": \"AVAILABLE\",\n   \"status\": {\n    \"error_code\": \"OK\",\n    \"error_message\": \"\"\n   }\n  }\n ]\n}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metadata_SignatureDefWithUnknownRank()
    {
        var body = await Http.GetStringAsync("/v1/models/half_plus_two/versions/123/metadata");

        using var json = JsonDocument.Parse(body);
        var spec = json.RootElement.GetProperty("model_spec");
        Assert.Equal(("half_plus_two", "123", ""), (spec.GetProperty("name").GetString(), spec.GetProperty("version").GetString(), spec.GetProperty("signature_name").GetString()));
        var signature = json.RootElement.GetProperty("metadata").GetProperty("signature_def").GetProperty("signature_def").GetProperty("serving_default");
        Assert.Equal("tensorflow/serving/predict", signature.GetProperty("method_name").GetString());
        var x = signature.GetProperty("inputs").GetProperty("x");
        Assert.Equal(("DT_FLOAT", "x", true), (x.GetProperty("dtype").GetString(), x.GetProperty("name").GetString(), x.GetProperty("tensor_shape").GetProperty("unknown_rank").GetBoolean()));
    }

    [Theory]
    [InlineData("/v1/models/nope:predict", "{\"instances\": [1.0]}", HttpStatusCode.NotFound, "Servable not found for request: Latest(nope)")]
    [InlineData("/v1/models/half_plus_two/versions/7:predict", "{\"instances\": [1.0]}", HttpStatusCode.NotFound, "Servable not found for request: Specific(half_plus_two, 7)")]
    [InlineData("/v1/models/half_plus_two/labels/canary:predict", "{\"instances\": [1.0]}", HttpStatusCode.BadRequest, "Unrecognized servable version label: canary")]
    [InlineData("/v1/models/nope:predict", "{not json", HttpStatusCode.BadRequest, "JSON Parse error")]
    [InlineData("/v1/models/half_plus_two:predict", "{}", HttpStatusCode.BadRequest, "Missing 'inputs' or 'instances' key")]
    [InlineData("/v1/models/half_plus_two:predict", "{\"instances\": [[1.0], [2.0, 3.0]]}", HttpStatusCode.BadRequest, "Expecting tensor size: 1 but got: 2")]
    [InlineData("/v1/models/half_plus_two:predict", "{\"instances\": [\"a\"]}", HttpStatusCode.BadRequest, "is not of expected type: float")]
    [InlineData("/v1/models/half_plus_two:predict", "{\"instances\": [1.0], \"signature_name\": \"nope\"}", HttpStatusCode.BadRequest, "Serving signature name: \"nope\" not found in signature def")]
    [InlineData("/v1/models/half_plus_two:PREDICT", "{\"instances\": [1.0]}", HttpStatusCode.BadRequest, "Malformed request: POST /v1/models/half_plus_two:PREDICT")]
    [InlineData("/v1/models/half_plus_two/versions/99999999999999999999:predict", "{}", HttpStatusCode.BadRequest, "Failed to convert version: 99999999999999999999 to numeric.")]
    [InlineData("/v1/models/pairs:predict", "{\"instances\": [[1.0, 2.0, 3.0]]}", HttpStatusCode.BadRequest, "Got invalid dimensions for input: x")]
    [InlineData("/v1/models/pairs:predict", "{\"instances\": [1.0, 2.0]}", HttpStatusCode.BadRequest, "Invalid rank for input: x")]
    [InlineData("/v1/models/half_plus_two:classify", "{\"examples\": [{}]}", HttpStatusCode.BadRequest, "No classification inputs found in SignatureDef: inputs {\n  key: \"x\"")]
    [InlineData("/v1/models/nope:regress", "{\"examples\": {}}", HttpStatusCode.BadRequest, "Expecting 'examples' value to be an list/array")]
    public async Task Predict_BadRequest_TfServingStatusAndError(string path, string body, HttpStatusCode expectedStatus, string expectedError)
    {
        var (status, text) = await PostAsync(path, body);

        Assert.Equal(expectedStatus, status);
        using var json = JsonDocument.Parse(text);
        Assert.Contains(expectedError, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("/v1/models/nope", HttpStatusCode.NotFound, "Could not find any versions of model nope")]
    [InlineData("/v1/models/half_plus_two/versions/5", HttpStatusCode.NotFound, "Could not find version 5 of model half_plus_two")]
    [InlineData("/v1/models", HttpStatusCode.BadRequest, "Missing model name in request.")]
    [InlineData("/v1/models/half_plus_two/foo", HttpStatusCode.BadRequest, "Malformed request: GET /v1/models/half_plus_two/foo")]
    public async Task Get_BadRequest_TfServingStatusAndError(string path, HttpStatusCode expectedStatus, string expectedError)
    {
        using var response = await Http.GetAsync(path);

        Assert.Equal(expectedStatus, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expectedError, json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task OtherMethodOrPath_TfServingAnswers()
    {
        using var put = await Http.PutAsync("/v1/models/half_plus_two", new StringContent("{}"));
        using var outside = await Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("Malformed request: PUT /v1/models/half_plus_two", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal("text/html", outside.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Predict_DeeplyNestedJson_CleanErrorServerStays()
    {
        var body = "{\"instances\": " + new string('[', 200_000) + "1.0" + new string(']', 200_000) + "}";

        var (status, text) = await PostAsync("/v1/models/half_plus_two:predict", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("error", text, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Predict_LargeBody_Served()
    {
        var values = string.Join(", ", Enumerable.Range(0, 500_000).Select(i => (i % 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));

        var (status, text) = await PostAsync("/v1/models/half_plus_two:predict", $"{{\"inputs\": [{values}]}}");

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(500_000, json.RootElement.GetProperty("outputs").GetArrayLength());
        Assert.Equal(51.5, json.RootElement.GetProperty("outputs")[99].GetDouble());
    }

    [Fact]
    public async Task Predict_BodyOverLimit_413()
    {
        // Expect: 100-continue lets the server refuse before the client uploads 65 MB.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/half_plus_two:predict") { Content = new ByteArrayContent(new byte[65 << 20]) };
        request.Headers.ExpectContinue = true;

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the limit of 67108864 bytes", text, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string body)
    {
        using var response = await Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task AssertStillServingAsync()
    {
        var (status, _) = await PostAsync("/v1/models/half_plus_two:predict", "{\"instances\": [1.0]}");
        Assert.Equal(HttpStatusCode.OK, status);
    }
}

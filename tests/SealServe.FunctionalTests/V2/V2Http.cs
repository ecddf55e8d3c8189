using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SealServe.FunctionalTests.V2;

/// <summary>Open Inference Protocol REST calls as any HTTP client makes them: JSON bodies, and the binary tensor data extension by hand.</summary>
internal static class V2Http
{
    public const string HeaderLength = "Inference-Header-Content-Length";

    public static async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonElement Json)> InferAsync(HttpClient http, string model, string json)
    {
        using var response = await http.PostAsync($"/v2/models/{model}/infer", new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    /// <summary>A request with binary tensor data: the JSON, then <paramref name="binary"/> in order; the answer split back into its JSON and binary parts.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Json, byte[] Binary)> InferBinaryAsync(HttpClient http, string path, string json, params byte[][] binary)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var body = header.Concat(binary.SelectMany(b => b)).ToArray();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add(HeaderLength, header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await http.PostAsync(path, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var jsonLength = response.Headers.TryGetValues(HeaderLength, out var values) ? int.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : bytes.Length;
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        using var document = JsonDocument.Parse(bytes.AsMemory(0, jsonLength));
        return (response.StatusCode, document.RootElement.Clone(), bytes[jsonLength..]);
    }

    public static JsonElement Output(JsonElement response, string name) =>
        response.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    public static long[] Shape(JsonElement tensor) => tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();

    public static double[] Numbers(JsonElement tensor) => tensor.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static string Error(JsonElement response) => response.GetProperty("error").GetString()!;

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return document.RootElement.Clone();
    }
}

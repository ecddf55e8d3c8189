using System.Text.Json;
using SealServe.FunctionalTests.Sealing;
using SealServe.Sealing.Keys;
using SealServe.TestKit;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Security;

/// <summary>
/// The audit log (key uses, model loads, refused and admin calls) in its own category and, with
/// <c>--audit_log_file</c>, in its own file; and <c>--redact_status_errors</c> keeping paths and key ids out of answers.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AuditAndRedactionTests : IDisposable
{
    private readonly TestKeys keys = new();
    private readonly TempModelRepository repository = new();
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sealserve-audit-");

    [Fact]
    public async Task Audit_SealedModel_KeyUseAndLoadAndUnloadInTheAuditCategory()
    {
        keys.Seal(repository.AddVersion("1", TestModels.HalfPlusTwo()));
        var server = await TestServer.StartAsync([ModelConfig.Create("m", repository.BasePath)], configureServices: keys.Configure);
        var version = Path.Combine(repository.BasePath, "1");

        await server.DisposeAsync();

        var audit = server.Logs.Audit;
        Assert.Contains($"Information: Key used: {keys.Key.Id} for {Path.Combine(version, "sealserve.manifest")}: ok", audit);
        Assert.Contains($"Information: Key used: {keys.Key.Id} for {Path.Combine(version, "model.onnx")}: ok", audit);
        Assert.Contains($"Information: Model loaded: m version 1 from {version}", audit);
        Assert.Contains("Information: Model unloaded: m version 1", audit);
    }

    [Fact]
    public async Task AuditLogFile_AuditLinesGoThereAsJsonAndNowhereElse()
    {
        using var wrongKey = KeyEncryptionKey.Generate();
        keys.Seal(repository.AddVersion("1", TestModels.HalfPlusTwo()));
        var auditFile = Path.Combine(folder.FullName, "audit.jsonl");
        await using (var server = await TestServer.StartAsync([ModelConfig.Create("m", repository.BasePath)], configure: o => o.AuditLogFile = auditFile, configureServices: keys.Configure))
        {
            Directory.Move(keys.Stage("model", "2", TestModels.HalfPlusTwo(), 64, wrongKey), Path.Combine(repository.BasePath, "2"));
            await ScalarModelCalls.WaitForStateAsync(server, "m", 2, ModelVersionStatus.Types.State.End);
            Assert.Empty(server.Logs.Audit);
        }

        var lines = File.ReadAllLines(auditFile).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(auditFile));
        var refused = Assert.Single(lines, l => l.GetProperty("event").GetInt32() == 2101 && l.GetProperty("KeyId").GetString() == wrongKey.Id);
        Assert.Equal(Path.Combine(repository.BasePath, "2", "sealserve.manifest"), refused.GetProperty("Path").GetString());
        Assert.StartsWith($"sealed with key {wrongKey.Id}, which is not among the configured keys", refused.GetProperty("Result").GetString(), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.GetProperty("event").GetInt32() == 4101 && l.GetProperty("ModelName").GetString() == "m");
        Assert.Contains(lines, l => l.GetProperty("event").GetInt32() == 4102 && l.GetProperty("ModelVersion").GetString() == "2");
        Assert.All(lines, l => Assert.Equal(DateTimeKind.Utc, l.GetProperty("time").GetDateTimeOffset().UtcDateTime.Kind));
    }

    [Theory]
    [InlineData("auth", true)]
    [InlineData("flag", true)]
    [InlineData("none", false)]
    public async Task Status_FailedSealedVersion_PathsAndKeyIdsRedactedWhenAsked(string setting, bool redacted)
    {
        using var wrongKey = KeyEncryptionKey.Generate();
        keys.Seal(repository.AddVersion("1", TestModels.HalfPlusTwo()));
        var auth = Path.Combine(folder.FullName, "auth.pbtxt");
        File.WriteAllText(auth, AuthTests.ServerFixture.Key("ops", AuthTests.AdminToken, admin: true));
        await using var server = await TestServer.StartAsync(
            [ModelConfig.Create("m", repository.BasePath)],
            configure: o =>
            {
                o.AuthConfigFile = setting == "auth" ? auth : null;
                o.RedactStatusErrors = setting == "flag" ? true : null;
            },
            configureServices: keys.Configure);
        Directory.Move(keys.Stage("model", "2", TestModels.HalfPlusTwo(), 64, wrongKey), Path.Combine(repository.BasePath, "2"));
        var headers = new Grpc.Core.Metadata { { "authorization", $"Bearer {AuthTests.AdminToken}" } };
        ModelVersionStatus? status = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (status is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "version 2 never failed");
            await Task.Delay(100);
            var response = await server.Models.GetModelStatusAsync(new GetModelStatusRequest { ModelSpec = new ModelSpec { Name = "m" } }, headers);
            status = response.ModelVersionStatus.FirstOrDefault(s => s.Version == 2 && s.State == ModelVersionStatus.Types.State.End);
        }

        using var rest = new HttpRequestMessage(HttpMethod.Get, "/v1/models/m/versions/2") { Headers = { Authorization = new("Bearer", AuthTests.AdminToken) } };
        using var restResponse = await server.Http.SendAsync(rest);
        var restBody = await restResponse.Content.ReadAsStringAsync();

        var full = $"{Path.Combine(repository.BasePath, "2", "sealserve.manifest")}: sealed with key {wrongKey.Id}, which is not among the configured keys ({keys.Key.Id}): wrong key";
        var expected = redacted ? "<base_path>/2/sealserve.manifest: sealed with key <key id>, which is not among the configured keys (<key id>): wrong key" : full;
        Assert.Equal(expected, status.Status.ErrorMessage);
        Assert.Equal(expected, JsonDocument.Parse(restBody).RootElement.GetProperty("model_version_status")[0].GetProperty("status").GetProperty("error_message").GetString());
        Assert.Contains(server.Logs.Lines, l => l.Contains(full, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        keys.Dispose();
        repository.Dispose();
        folder.Delete(recursive: true);
    }
}

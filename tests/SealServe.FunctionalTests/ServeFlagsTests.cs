using System.CommandLine;
using SealServe.Cli.Commands.Serve;
using SealServe.Core.Errors;

namespace SealServe.FunctionalTests;

/// <summary><c>serve</c>'s flags mean what they say: unknown and unsupported ones stop start-up with the reason.</summary>
public sealed class ServeFlagsTests
{
    [Theory]
    [InlineData("--modle_name=m", "unknown flag --modle_name; did you mean --model_name?")]
    [InlineData("--rest_api_prot 9000", "unknown flag --rest_api_prot; did you mean --rest_api_port?")]
    [InlineData("--completely_different=1", "unknown flag --completely_different (sealserve serve --help lists them)")]
    [InlineData("stray", "unexpected argument 'stray': serve takes flags only (--flag=value)")]
    public void Parse_UnknownArgument_Refused(string arguments, string message)
    {
        var error = Assert.Throws<ServingException>(() => Parse($"--model_base_path=/models/x {arguments}"));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("--prefer_tflite_model", "--prefer_tflite_model=true: TFLite models are not supported (leave the flag out or set it to false)")]
    [InlineData("--enable_profiler=true", "--enable_profiler=true: SealServe serves no tensorflow.ProfilerService (leave the flag out or set it to false)")]
    [InlineData("--per_process_gpu_memory_fraction=0.5", "--per_process_gpu_memory_fraction=0.5: SealServe runs models on the CPU (leave the flag out or set it to 0)")]
    [InlineData("--platform_config_file=p.txt", "--platform_config_file=p.txt: PlatformConfigMap files are not read")]
    public void Parse_UnsupportedFlagWithAnotherValue_Refused(string flag, string message)
    {
        var error = Assert.Throws<ServingException>(() => Parse($"--model_base_path=/models/x {flag}"));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.StartsWith("Flag(s) not supported by SealServe: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--prefer_tflite_model=false --enable_profiler=false --xla_cpu_compilation_enabled=0")]
    [InlineData("--flush_filesystem_caches=false --remove_unused_fields_from_bundle_metagraph --skip_initialize_tpu --num_tflite_pools=4")]
    [InlineData("--per_process_gpu_memory_fraction=0 --use_alts_credentials=false")]
    public void Parse_UnsupportedFlagsAtWhatSealServeDoes_Accepted(string flags)
    {
        var settings = Parse($"--model_base_path=/models/x {flags}");

        Assert.Equal("/models/x", settings.Models.Models[0].BasePath);
    }

    [Fact]
    public void Help_ListsNoUnsupportedFlagAndShowsBooleanDefaults()
    {
        using var output = new StringWriter();
        new RootCommand { new ServeCommand(TextWriter.Null) }.Parse("serve --help").Invoke(new InvocationConfiguration { Output = output });
        var help = output.ToString();

        Assert.Contains("--enable_model_warmup", help, StringComparison.Ordinal);
        Assert.Contains("[default: true]", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--prefer_tflite_model", help, StringComparison.Ordinal);
        Assert.Contains("--ssl_config_file", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--enable_profiler", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SslConfigFiles_GoToTheServerAsFullPaths()
    {
        var settings = Parse("--model_base_path=/models/x --ssl_config_file=grpc.pbtxt --rest_api_ssl_config_file /etc/tls/rest.pbtxt");

        Assert.Equal(Path.GetFullPath("grpc.pbtxt"), settings.Server.SslConfigFile);
        Assert.Equal("/etc/tls/rest.pbtxt", settings.Server.RestApiSslConfigFile);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("--redact_status_errors", true)]
    [InlineData("--redact_status_errors=false", false)]
    public void Parse_RedactStatusErrors_UnsetMeansFollowTheAuthConfig(string flag, bool? redact)
    {
        var settings = Parse($"--model_base_path=/models/x --auth_config_file=/etc/auth.pbtxt --audit_log_file=audit.jsonl {flag}");

        Assert.Equal(redact, settings.Server.RedactStatusErrors);
        Assert.Equal("/etc/auth.pbtxt", settings.Server.AuthConfigFile);
        Assert.Equal(Path.GetFullPath("audit.jsonl"), settings.Server.AuditLogFile);
    }

    [Theory]
    [InlineData("--enable_model_warmup=0", false)]
    [InlineData("--enable_model_warmup=1", true)]
    [InlineData("--enable_model_warmup=false", false)]
    [InlineData("", true)]
    public void Parse_BooleanAsDigit_ReadAsTfServingDoes(string flag, bool warmup) =>
        Assert.Equal(warmup, Parse($"--model_base_path=/models/x {flag}").Models.EnableModelWarmup);

    [Theory]
    [InlineData("", "model", "/models/model")]
    [InlineData("--model_name=m", "m", "/models/m")]
    [InlineData("--model_base_path=/data/x", "model", "/data/x")]
    [InlineData("--model_name=m --model_base_path=s3://bucket/m", "m", "s3://bucket/m")]
    public void Parse_ContainerVariables_DefaultTheModelAsTfServingsImage(string flags, string name, string basePath)
    {
        var settings = Parse(flags, new Dictionary<string, string> { ["MODEL_NAME"] = "model", ["MODEL_BASE_PATH"] = "/models" });

        Assert.Equal(name, settings.Models.Models[0].Name);
        Assert.Equal(basePath, settings.Models.Models[0].BasePath);
    }

    [Fact]
    public void Parse_NoBasePathFlagOrVariable_RefusedWithTfServingsText()
    {
        var error = Assert.Throws<ServingException>(() => Parse("--model_name=m", new Dictionary<string, string> { ["MODEL_NAME"] = "model" }));

        Assert.Equal("Both server_options.model_base_path and server_options.model_config_file are empty!", error.Message);
    }

    private static ServeSettings Parse(string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var command = new ServeCommand(TextWriter.Null);
        var result = command.Parse(command.SpellBooleans(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return ServeCommand.Parse(result, name => environment?.GetValueOrDefault(name));
    }
}

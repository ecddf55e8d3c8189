using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.Models.Config.TextFormat;
using SealServe.Models.Policies;
using SealServe.TestKit;

namespace SealServe.Models.Tests.Config;

public sealed class ModelServerConfigLoaderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("sealserve-config-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Load_CorpusGoodModelConfig_TwoTensorFlowModels()
    {
        var halfPlusTwo = Corpus.Require("tfserving/saved_model_half_plus_two_cpu");
        var halfPlusThree = Corpus.Require("tfserving/saved_model_half_plus_three");
        var text = File.ReadAllText(Corpus.Require("tfserving/good_model_config.txt"))
            .Replace("${TEST_HALF_PLUS_TWO_DIR}", halfPlusTwo, StringComparison.Ordinal)
            .Replace("${TEST_HALF_PLUS_THREE_DIR}", halfPlusThree, StringComparison.Ordinal);
        var path = WriteFile("models.config", text);

        var config = ModelServerConfigLoader.Load(path);

        Assert.Equal(["half_plus_two", "half_plus_three"], config.Models.Select(m => m.Name));
        Assert.Equal([halfPlusTwo, halfPlusThree], config.Models.Select(m => m.BasePath));
        Assert.All(config.Models, m => Assert.Equal(ModelPlatforms.TensorFlow, m.Platform));
        Assert.All(config.Models, m => Assert.Equal(VersionPolicy.Default, m.Policy));
        Assert.All(config.Models, m => Assert.Empty(m.VersionLabels));
    }

    [Fact]
    public void Load_CorpusGoodModelConfigUnsubstituted_ReportsBothPathsAsRelative()
    {
        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Load(Corpus.Require("tfserving/good_model_config.txt")));

        Assert.Equal(
            "2 errors in the model config: "
            + "Expected model half_plus_two to have an absolute path or URI; got base_path()=${TEST_HALF_PLUS_TWO_DIR}; "
            + "Expected model half_plus_three to have an absolute path or URI; got base_path()=${TEST_HALF_PLUS_THREE_DIR}",
            error.Message);
    }

    [Fact]
    public void Load_CorpusBadModelConfig_SyntaxErrorWithLineAndColumn()
    {
        var path = Corpus.Require("tfserving/bad_model_config.txt");

        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Load(path));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal(
            $"Invalid protobuf file: '{path}': Error parsing text-format tensorflow.serving.ModelServerConfig: 1:12: "
            + "Message type \"tensorflow.serving.ModelServerConfig\" has no field named \"improperly\".",
            error.Message);
        var syntax = Assert.IsType<TextFormatException>(error.InnerException);
        Assert.Equal((1, 12), (syntax.Line, syntax.Column));
    }

    [Fact]
    public void Load_MissingFile_NotFound()
    {
        var path = Path.Combine(root, "absent.config");

        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Load(path));

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.Equal($"{path}; No such file or directory", error.Message);
    }

    [Fact]
    public void Parse_SyntaxErrorWithoutPath_ProtobufMessageOnly()
    {
        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Parse("model_config_list {\n  config {\n    nme: \"x\"\n"));

        Assert.Equal(
            "Error parsing text-format tensorflow.serving.ModelServerConfig: 3:8: Message type \"tensorflow.serving.ModelConfig\" has no field named \"nme\".",
            error.Message);
    }

    [Fact]
    public void Parse_DuplicateNames_TfServingTextOncePerName()
    {
        var text = Config(Model("a", Folder("a")), Model("a", Folder("b")), Model("a", Folder("c")));

        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Parse(text));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Illegal to list model a multiple times in config list", error.Message);
    }

    [Fact]
    public void Parse_EmptyName_Error()
    {
        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Parse(Config($"base_path: \"{Folder("a")}\" model_platform: \"onnx\"")));

        Assert.Equal("Model config entry 1 has no name", error.Message);
    }

    [Theory]
    [InlineData("models/m")]
    [InlineData("./m")]
    [InlineData("")]
    public void Parse_RelativeBasePath_RejectedAsTfServingDoes(string basePath)
    {
        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Parse(Config(Model("m", basePath))));

        Assert.Equal($"Expected model m to have an absolute path or URI; got base_path()={basePath}", error.Message);
    }

    [Fact]
    public void Parse_MissingBasePathFolder_NotFound()
    {
        var missing = Path.Combine(root, "missing");

        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Parse(Config(Model("m", missing))));

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.Equal($"Base path {missing} of model m does not exist or is not a directory", error.Message);
    }

    [Fact]
    public void Parse_BasePathIsAFile_NotFound()
    {
        var file = WriteFile("not-a-folder", "x");

        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Parse(Config(Model("m", file))));

        Assert.Equal($"Base path {file} of model m does not exist or is not a directory", error.Message);
    }

    [Theory]
    [InlineData("gs://bucket/m", "gs")]
    [InlineData("file:///models/m", "file")]
    public void Parse_UriBasePath_Unsupported(string basePath, string scheme)
    {
        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Parse(Config(Model("m", basePath))));

        Assert.Equal($"Model m has base_path {basePath}: {scheme}:// model stores are not supported; use a local folder or s3://bucket/prefix", error.Message);
    }

    [Theory]
    [InlineData("s3://bucket/models/m")]
    [InlineData("s3://bucket")]
    public void Parse_S3BasePath_Accepted(string basePath)
    {
        var config = ModelServerConfigLoader.Parse(Config(Model("m", basePath)));

        Assert.Equal(basePath, config.Models.Single().BasePath);
    }

    [Theory]
    [InlineData("s3://")]
    [InlineData("s3:///models/m")]
    [InlineData("s3://bucket/models//m")]
    public void Parse_S3BasePathWithoutBucket_Refused(string basePath)
    {
        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Parse(Config(Model("m", basePath))));

        Assert.Equal($"Model m has base_path {basePath}: expected s3://bucket or s3://bucket/prefix", error.Message);
    }

    [Fact]
    public void Parse_UnsupportedPlatform_TfServingText()
    {
        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Parse(Config(Model("m", Folder("m"), "pytorch"))));

        Assert.Equal("Model m requests unsupported platform pytorch", error.Message);
    }

    [Theory]
    [InlineData("tensorflow")]
    [InlineData("onnx")]
    public void Parse_SupportedPlatform_Kept(string platform)
    {
        var config = ModelServerConfigLoader.Parse(Config(Model("m", Folder("m"), platform)));

        Assert.Equal(platform, Assert.Single(config.Models).Platform);
    }

    [Fact]
    public void Parse_NoPlatform_TfServingText()
    {
        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Parse(Config($"name: \"m\" base_path: \"{Folder("m")}\"")));

        Assert.Equal(
            "Illegal setting neither ModelServerConfig::model_type (deprecated) nor ModelServerConfig::model_platform, model name is m",
            error.Message);
    }

    [Fact]
    public void Parse_ModelTypeTensorflow_AcceptedAsTensorflowPlatform()
    {
        var config = ModelServerConfigLoader.Parse(Config($"name: \"m\" base_path: \"{Folder("m")}\" model_type: TENSORFLOW"));

        Assert.Equal(ModelPlatforms.TensorFlow, Assert.Single(config.Models).Platform);
    }

    [Fact]
    public void Parse_ModelTypeOther_NeitherError()
    {
        var error = Assert.Throws<ServingException>(() =>
            ModelServerConfigLoader.Parse(Config($"name: \"m\" base_path: \"{Folder("m")}\" model_type: OTHER")));

        Assert.StartsWith("Illegal setting neither ModelServerConfig::model_type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ModelTypeAndPlatform_TfServingText()
    {
        var error = Assert.Throws<ServingException>(() =>
            ModelServerConfigLoader.Parse(Config(Model("m", Folder("m")) + " model_type: TENSORFLOW")));

        Assert.Equal(
            "Illegal setting both ModelServerConfig::model_type (deprecated) and ModelServerConfig::model_platform, model name is m",
            error.Message);
    }

    [Fact]
    public void Parse_CustomModelConfig_Refused()
    {
        var error = Assert.Throws<ServingException>(() =>
            ModelServerConfigLoader.Parse("custom_model_config { [type.googleapis.com/google.protobuf.Empty] { } }"));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("ModelServer does not yet support custom model config.", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing yet\n")]
    [InlineData("model_config_list { }")]
    public void Parse_NoModels_EmptyConfig(string text)
    {
        Assert.Empty(ModelServerConfigLoader.Parse(text).Models);
    }

    [Fact]
    public void Parse_VersionLabels_Exposed()
    {
        var text = Config(Model("m", Folder("m")) + """
             version_labels { key: "stable" value: 42 }
             version_labels { key: "canary" value: 43 }
            """);

        var labels = Assert.Single(ModelServerConfigLoader.Parse(text).Models).VersionLabels;

        Assert.Equal(2, labels.Count);
        Assert.Equal(42, labels["stable"]);
        Assert.Equal(43, labels["canary"]);
    }

    public static TheoryData<string, VersionPolicy> Policies => new()
    {
        { "", VersionPolicy.Default },
        { "model_version_policy { }", VersionPolicy.Default },
        { "model_version_policy { latest { num_versions: 3 } }", new LatestVersionsPolicy(3) },
        { "model_version_policy { latest { } }", new LatestVersionsPolicy(0) },
        { "model_version_policy { all { } }", new AllVersionsPolicy() },
        { "model_version_policy { specific { versions: 42 versions: 43 } }", new SpecificVersionsPolicy([42, 43]) },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Parse_VersionPolicy_Mapped(string policyText, VersionPolicy expected)
    {
        var policy = Assert.Single(ModelServerConfigLoader.Parse(Config(Model("m", Folder("m")) + " " + policyText)).Models).Policy;

        Assert.Equal(expected, policy);
    }

    [Fact]
    public void Parse_SpecificWithoutVersions_Error()
    {
        var error = Assert.Throws<ServingException>(() =>
            ModelServerConfigLoader.Parse(Config(Model("m", Folder("m")) + " model_version_policy { specific { } }")));

        Assert.Equal("Model m has model_version_policy specific {} without versions: it would serve nothing", error.Message);
    }

    [Fact]
    public void Parse_SeveralErrors_AllInOneMessage()
    {
        var text = Config(Model("a", "relative"), Model("a", Folder("a")), Model("b", Folder("b"), "caffe"));

        var error = Assert.Throws<ServingException>(() => ModelServerConfigLoader.Parse(text));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal(
            "3 errors in the model config: Model b requests unsupported platform caffe; "
            + "Illegal to list model a multiple times in config list; "
            + "Expected model a to have an absolute path or URI; got base_path()=relative",
            error.Message);
        Assert.Equal(3, Assert.IsType<AggregateException>(error.InnerException).InnerExceptions.Count);
    }

    [Fact]
    public void Parse_LoggingConfig_AcceptedAndIgnored()
    {
        var text = Config(Model("m", Folder("m")) + " logging_config { sampling_config { sampling_rate: 0.1 } }");

        Assert.Single(ModelServerConfigLoader.Parse(text).Models);
    }

    private static string Config(params string[] models) =>
        "model_config_list {\n" + string.Concat(models.Select(m => $"  config {{ {m} }}\n")) + "}\n";

    private static string Model(string name, string basePath, string platform = "tensorflow") =>
        $"name: \"{name}\" base_path: \"{basePath}\" model_platform: \"{platform}\"";

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(root, name);
        File.WriteAllText(path, text);
        return path;
    }
}

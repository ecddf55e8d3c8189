using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using SealServe.Models.Config.TextFormat;
using Tensorflow.Serving;
using ProtoModelConfig = Tensorflow.Serving.ModelConfig;
using ProtoModelServerConfig = Tensorflow.Serving.ModelServerConfig;
using VersionPolicy = Tensorflow.Serving.FileSystemStoragePathSourceConfig.Types.ServableVersionPolicy;

namespace SealServe.Models.Tests.Config.TextFormat;

/// <summary>Message structure: fields, nesting, repetition, maps, oneofs, Any, and the errors protobuf's C++ parser gives for them.</summary>
public sealed class TextFormatParserTests
{
    private const string AnyType = "google.protobuf.Any";
    private const string Batching = "tensorflow.serving.BatchingParameters";
    private const string List = "tensorflow.serving.ModelConfigList";
    private const string Model = "tensorflow.serving.ModelConfig";
    private const string Policy = "tensorflow.serving.FileSystemStoragePathSourceConfig.ServableVersionPolicy";
    private const string Server = "tensorflow.serving.ModelServerConfig";

    [Fact]
    public void Parse_CommentsAndBlankLines_Ignored()
    {
        var config = TextFormatParser.Parse<ProtoModelConfig>("# a comment\n\nname: \"a\" # trailing\n  # indented\nbase_path: '/m'");

        Assert.Equal("a", config.Name);
        Assert.Equal("/m", config.BasePath);
    }

    [Fact]
    public void Parse_MessageDelimiters_BracesAnglesAndOptionalColon()
    {
        var config = TextFormatParser.Parse<ProtoModelServerConfig>(
            "model_config_list < config: { name: \"a\" } config < name: \"b\" > config { name: \"c\" } >");

        Assert.Equal(["a", "b", "c"], config.ModelConfigList.Config.Select(c => c.Name));
    }

    [Fact]
    public void Parse_CommasAndSemicolonsAfterFields_Accepted()
    {
        var config = TextFormatParser.Parse<ProtoModelConfig>("name: \"a\", base_path: \"/b\"; model_platform: \"tensorflow\",");

        Assert.Equal(("a", "/b", "tensorflow"), (config.Name, config.BasePath, config.ModelPlatform));
    }

    [Fact]
    public void Parse_RepeatedScalar_ByRepetitionAndListForm()
    {
        var policy = TextFormatParser.Parse<VersionPolicy>("specific { versions: 1 versions: [2, 3] versions: [] versions: 4 }");

        Assert.Equal([1L, 2L, 3L, 4L], policy.Specific.Versions);
    }

    [Fact]
    public void Parse_RepeatedMessage_ListForm()
    {
        var list = TextFormatParser.Parse<ModelConfigList>("config: [{ name: \"a\" }, < name: \"b\" >]");

        Assert.Equal(["a", "b"], list.Config.Select(c => c.Name));
    }

    [Fact]
    public void Parse_Map_EntriesByRepetitionAndList_LaterKeyWins()
    {
        var config = TextFormatParser.Parse<ProtoModelConfig>(
            "version_labels { key: \"stable\" value: 1 }\n"
            + "version_labels: { value: 2, key: \"canary\" }\n"
            + "version_labels: [{ key: \"stable\" value: 3 }, { key: \"empty\" }]");

        Assert.Equal(3, config.VersionLabels.Count);
        Assert.Equal(3, config.VersionLabels["stable"]);
        Assert.Equal(2, config.VersionLabels["canary"]);
        Assert.Equal(0, config.VersionLabels["empty"]);
    }

    [Fact]
    public void Parse_MapWithMessageValues_FillsValues()
    {
        var map = TextFormatParser.Parse<PlatformConfigMap>("platform_configs { key: \"tensorflow\" value { } } platform_configs { key: \"onnx\" }");

        Assert.Equal(["onnx", "tensorflow"], map.PlatformConfigs.Keys.Order());
        Assert.NotNull(map.PlatformConfigs["onnx"]);
    }

    [Fact]
    public void Parse_UnknownField_ReportsPositionOfTokenAfterName()
    {
        // Protobuf's C++ parser reports the token after the field name: here the ':' at 3:8.
        var text = "model_config_list {\n  config {\n    nme: \"x\"\n  }\n}\n";

        var error = Assert.Throws<TextFormatException>(() => TextFormatParser.Parse<ProtoModelServerConfig>(text));

        Assert.Equal(3, error.Line);
        Assert.Equal(8, error.Column);
        Assert.Equal("Message type \"tensorflow.serving.ModelConfig\" has no field named \"nme\".", error.Reason);
        Assert.Equal(
            "Error parsing text-format tensorflow.serving.ModelServerConfig: 3:8: Message type \"tensorflow.serving.ModelConfig\" has no field named \"nme\".",
            error.Message);
        Assert.Equal("tensorflow.serving.ModelServerConfig", error.MessageType);
    }

    [Fact]
    public void Parse_Proto3ScalarAtDefaultThenSet_AcceptedAsProtobufDoes()
    {
        // Without presence, HasField is "differs from the default", so C++ accepts this too.
        var prometheus = TextFormatParser.Parse<PrometheusConfig>("enable: false enable: true");

        Assert.True(prometheus.Enable);
    }

    [Fact]
    public void Parse_WrapperTypes_AsMessagesWithValue()
    {
        var parameters = TextFormatParser.Parse<BatchingParameters>(
            "max_batch_size { value: 128 } thread_pool_name: { value: 'pool' } enable_large_batch_splitting { value: true } num_batch_threads { }");

        Assert.Equal(128, parameters.MaxBatchSize);
        Assert.Equal("pool", parameters.ThreadPoolName);
        Assert.True(parameters.EnableLargeBatchSplitting);
        Assert.Equal(0, parameters.NumBatchThreads);
        Assert.Null(parameters.BatchTimeoutMicros);
    }

    [Fact]
    public void Parse_ExpandedAny_ResolvesTypeFromProtosAssembly()
    {
        var text = """
            platform_configs {
              key: "tensorflow"
              value {
                source_adapter_config {
                  [type.googleapis.com/tensorflow.serving.SavedModelBundleSourceAdapterConfig] {
                    legacy_config {
                      session_config { intra_op_parallelism_threads: 2 }
                      batching_parameters { max_batch_size { value: 128 } }
                      saved_model_tags: "serve"
                      enable_model_warmup: true
                    }
                  }
                }
              }
            }
            """;

        var map = TextFormatParser.Parse<PlatformConfigMap>(text);

        var any = map.PlatformConfigs["tensorflow"].SourceAdapterConfig;
        Assert.Equal("type.googleapis.com/tensorflow.serving.SavedModelBundleSourceAdapterConfig", any.TypeUrl);
        var legacy = any.Unpack<SavedModelBundleSourceAdapterConfig>().LegacyConfig;
        Assert.Equal(128, legacy.BatchingParameters.MaxBatchSize);
        Assert.Equal(2, legacy.SessionConfig.IntraOpParallelismThreads);
        Assert.Equal(["serve"], legacy.SavedModelTags);
        Assert.True(legacy.EnableModelWarmup);
    }

    [Fact]
    public void Parse_AnyWithColonAndOtherPrefix_KeepsPrefix()
    {
        var any = TextFormatParser.Parse<Any>("[example.com/x/google.protobuf.Int64Value]: { value: 5 }");

        Assert.Equal("example.com/x/google.protobuf.Int64Value", any.TypeUrl);
        Assert.Equal(5, Int64Value.Parser.ParseFrom(any.Value).Value);
    }

    [Fact]
    public void Parse_AnyAsPlainFields_Accepted()
    {
        var any = TextFormatParser.Parse<Any>("type_url: \"type.googleapis.com/google.protobuf.Empty\" value: \"\"");

        Assert.Equal("type.googleapis.com/google.protobuf.Empty", any.TypeUrl);
    }

    [Theory]
    [InlineData(Policy, "specific { versions: [1 2] }", 1, 25, "Expected \",\", found \"2\".")]
    [InlineData(Model, "version_labels { key: \"a\" key: \"b\" }", 1, 30, "Non-repeated field \"key\" is specified multiple times.")]
    [InlineData(Model, "basePath: \"/x\"", 1, 9, "Message type \"tensorflow.serving.ModelConfig\" has no field named \"basePath\".")]
    [InlineData(Model, "BASE_PATH: \"/x\"", 1, 10, "Message type \"tensorflow.serving.ModelConfig\" has no field named \"BASE_PATH\".")]
    [InlineData(Model, "name: \"a\"\nname: \"b\"", 2, 5, "Non-repeated field \"name\" is specified multiple times.")]
    [InlineData(Batching, "max_batch_size { value: 1 } max_batch_size { value: 2 }", 1, 44, "Non-repeated field \"max_batch_size\" is specified multiple times.")]
    [InlineData(Server, "model_config_list { }\ncustom_model_config { }", 2, 21, "Field \"custom_model_config\" is specified along with field \"model_config_list\", another member of oneof \"config\".")]
    [InlineData(Policy, "latest { } all { }", 1, 16, "Field \"all\" is specified along with field \"latest\", another member of oneof \"policy_choice\".")]
    [InlineData(Batching, "max_batch_size: 128", 1, 17, "Expected \"{\", found \"128\".")]
    [InlineData(Model, "[foo.bar]: 1", 1, 10, "Extension \"foo.bar\" is not defined or is not an extension of \"tensorflow.serving.ModelConfig\".")]
    [InlineData(Server, "model_config_list {\n  config { name: \"a\" }\n", 3, 1, "Expected identifier, got: ")]
    [InlineData(List, "config { name: \"a\" >", 1, 20, "Expected \"}\", found \">\".")]
    [InlineData(Model, "name: \"a\" }", 1, 11, "Expected identifier, got: }")]
    [InlineData(Model, "name \"a\"", 1, 6, "Expected \":\", found \"\"a\"\".")]
    [InlineData(AnyType, "[type.googleapis.com/foo.Bar] { }", 1, 31, "Could not find type \"type.googleapis.com/foo.Bar\" stored in google.protobuf.Any.")]
    [InlineData(AnyType, "[google.protobuf.Empty] { }", 1, 25, "Type URL prefix is missing")]
    [InlineData(AnyType, "[/google.protobuf.Empty] { }", 1, 26, "Type URL prefix is empty")]
    [InlineData(AnyType, "[a/google..Empty] { }", 1, 19, "Invalid identifier in type name, got: \"\"")]
    [InlineData(AnyType, "[a%2/google.protobuf.Empty] { }", 1, 29, "Invalid percent encode, got: \"%2/\"")]
    [InlineData(AnyType, "[a/google.protobuf.Empty] { } [a/google.protobuf.Empty] { }", 1, 60, "Non-repeated Any specified multiple times.")]
    public void Parse_Malformed_ProtobufErrorAtPosition(string messageType, string text, int line, int column, string reason)
    {
        TextFormatAssert.Error(messageType, text, line, column, reason);
    }

    [Fact]
    public void Parse_TooDeep_StopsAtRecursionLimit()
    {
        var text = string.Concat(Enumerable.Repeat("list_value { values { ", 51));

        var error = Assert.Throws<TextFormatException>(() => TextFormatParser.Parse<Value>(text));

        Assert.Equal("Message is too deep, the parser exceeded the configured recursion limit of 100.", error.Reason);
    }

    [Fact]
    public void Parse_EmptyText_EmptyMessage()
    {
        Assert.Equal(new ProtoModelServerConfig(), TextFormatParser.Parse<ProtoModelServerConfig>(" \n# nothing\n"));
    }

    [Fact]
    public void Parse_ByDescriptor_ReturnsThatType()
    {
        IMessage message = TextFormatParser.Parse(ProtoModelConfig.Descriptor, "name: \"a\"");

        Assert.Equal("a", Assert.IsType<ProtoModelConfig>(message).Name);
    }

    [Fact]
    public void Parse_ByDescriptorWithRegistry_ResolvesOnlyRegisteredAnyTypes()
    {
        var registry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(Int64Value.Descriptor);

        var error = Assert.Throws<TextFormatException>(() =>
            TextFormatParser.Parse(Any.Descriptor, "[t/google.protobuf.Empty] { }", registry));

        Assert.StartsWith("Could not find type", error.Reason, StringComparison.Ordinal);
        Assert.IsType<Any>(TextFormatParser.Parse(Any.Descriptor, "[t/google.protobuf.Int64Value] { value: 1 }", registry));
    }
}

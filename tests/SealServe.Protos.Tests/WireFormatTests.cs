using Google.Protobuf;
using Google.Protobuf.Reflection;
using Tensorflow;
using Tensorflow.Serving;

namespace SealServe.Protos.Tests;

/// <summary>
/// Bytes assembled by hand from the published field numbers (tfserving-api.md §3.2, §3.4):
/// tag = (field_number &lt;&lt; 3) | wire_type, wire type 0 = varint, 2 = length-delimited, 5 = 32-bit.
/// </summary>
public sealed class WireFormatTests
{
    // ModelSpec { name = "m" (1), version = Int64Value { value = 5 } (2), signature_name = "s" (3) }
    private static readonly byte[] ModelSpecBytes =
    [
        0x0A, 0x01, (byte)'m',          // 1: name
        0x12, 0x02, 0x08, 0x05,         // 2: version (Int64Value.value = 5)
        0x1A, 0x01, (byte)'s',          // 3: signature_name
    ];

    [Fact]
    public void Serialize_ModelSpec_MatchesHandAssembledBytes()
    {
        var spec = new ModelSpec { Name = "m", Version = 5, SignatureName = "s" };

        Assert.Equal(ModelSpecBytes, spec.ToByteArray());
        Assert.Equal(spec, ModelSpec.Parser.ParseFrom(ModelSpecBytes));
    }

    [Fact]
    public void Serialize_ModelSpecWithVersionLabel_UsesField4()
    {
        var spec = new ModelSpec { Name = "m", VersionLabel = "stable" };

        byte[] expected = [0x0A, 0x01, (byte)'m', 0x22, 0x06, .."stable"u8];
        Assert.Equal(expected, spec.ToByteArray());
        Assert.Equal(ModelSpec.VersionChoiceOneofCase.VersionLabel, ModelSpec.Parser.ParseFrom(expected).VersionChoiceCase);
    }

    [Fact]
    public void Serialize_PredictRequest_MatchesHandAssembledBytes()
    {
        var request = new PredictRequest
        {
            ModelSpec = new ModelSpec { Name = "m", Version = 5, SignatureName = "s" },
            Inputs =
            {
                ["x"] = new TensorProto
                {
                    Dtype = DataType.DtFloat,
                    TensorShape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = 1 } } },
                    FloatVal = { 1.0f },
                },
            },
        };
        byte[] tensor =
        [
            0x08, 0x01,                                 // 1: dtype = DT_FLOAT
            0x12, 0x04, 0x12, 0x02, 0x08, 0x01,         // 2: tensor_shape { 2: dim { 1: size = 1 } }
            0x2A, 0x04, 0x00, 0x00, 0x80, 0x3F,         // 5: float_val, packed, 1.0f
        ];
        byte[] entry = [0x0A, 0x01, (byte)'x', 0x12, (byte)tensor.Length, .. tensor]; // map entry: 1 key, 2 value
        byte[] expected =
        [
            0x0A, (byte)ModelSpecBytes.Length, .. ModelSpecBytes,   // 1: model_spec
            0x12, (byte)entry.Length, .. entry,                     // 2: inputs
        ];

        Assert.Equal(expected, request.ToByteArray());
        Assert.Equal(request, PredictRequest.Parser.ParseFrom(expected));
    }

    [Fact]
    public void Serialize_PredictResponse_OutputsIsField1AndModelSpecField2()
    {
        var response = new PredictResponse
        {
            ModelSpec = new ModelSpec { Name = "m", Version = 5 },
            Outputs = { ["y"] = new TensorProto { Dtype = DataType.DtFloat, FloatVal = { 2.5f } } },
        };
        byte[] tensor = [0x08, 0x01, 0x2A, 0x04, 0x00, 0x00, 0x20, 0x40]; // dtype; float_val 2.5f
        byte[] entry = [0x0A, 0x01, (byte)'y', 0x12, (byte)tensor.Length, .. tensor];
        byte[] spec = [0x0A, 0x01, (byte)'m', 0x12, 0x02, 0x08, 0x05];
        byte[] expected =
        [
            0x0A, (byte)entry.Length, .. entry,     // 1: outputs
            0x12, (byte)spec.Length, .. spec,       // 2: model_spec
        ];

        Assert.Equal(expected, response.ToByteArray());
        Assert.Equal(response, PredictResponse.Parser.ParseFrom(expected));
    }

    [Fact]
    public void Serialize_ClassificationResponse_ResultIsField1AndModelSpecField2()
    {
        var response = new ClassificationResponse
        {
            ModelSpec = new ModelSpec { Name = "m" },
            Result = new ClassificationResult
            {
                Classifications = { new Classifications { Classes = { new Class { Label = "a", Score = 0.5f } } } },
            },
        };
        byte[] cls = [0x0A, 0x01, (byte)'a', 0x15, 0x00, 0x00, 0x00, 0x3F];   // label; 2: score, fixed32 0.5f
        byte[] classifications = [0x0A, (byte)cls.Length, .. cls];
        byte[] result = [0x0A, (byte)classifications.Length, .. classifications];
        byte[] expected = [0x0A, (byte)result.Length, .. result, 0x12, 0x03, 0x0A, 0x01, (byte)'m'];

        Assert.Equal(expected, response.ToByteArray());
    }

    /// <summary>
    /// A quirk to know when comparing bytes: the C++ runtime (TensorFlow, TF Serving) always writes a
    /// map entry's key and value; Google.Protobuf's C# writer leaves out one that equals its default.
    /// Both parse to the same message.
    /// </summary>
    [Fact]
    public void Serialize_MapEntryWithDefaultValue_GoogleProtobufLeavesValueOut()
    {
        var function = new FunctionDef { Ret = { ["a"] = "" } };
        byte[] cppBytes = [0x22, 0x05, 0x0A, 0x01, (byte)'a', 0x12, 0x00]; // 4: ret { 1: key "a", 2: value "" }

        Assert.Equal(new byte[] { 0x22, 0x03, 0x0A, 0x01, (byte)'a' }, function.ToByteArray());
        Assert.Equal(cppBytes, CppStyleEncoding.Encode(function));
        Assert.Equal(function, FunctionDef.Parser.ParseFrom(cppBytes));
    }

    [Fact]
    public void Serialize_TensorProtoHalfVal_IsPackedField13()
    {
        var tensor = new TensorProto { Dtype = DataType.DtHalf, HalfVal = { 0x3C00 } };

        // 1: dtype = 19; 13: half_val, packed: tag (13 << 3) | 2 = 0x6A, varint 0x3C00 = 0x80 0x78
        Assert.Equal(new byte[] { 0x08, 0x13, 0x6A, 0x02, 0x80, 0x78 }, tensor.ToByteArray());
    }

    [Fact]
    public void Serialize_TfExample_MatchesHandAssembledBytes()
    {
        var example = new Example
        {
            Features = new Features
            {
                Feature = { ["x"] = new Feature { FloatList = new FloatList { Value = { 1.0f } } } },
            },
        };
        byte[] floatList = [0x0A, 0x04, 0x00, 0x00, 0x80, 0x3F];    // 1: value, packed
        byte[] feature = [0x12, (byte)floatList.Length, .. floatList]; // 2: float_list
        byte[] entry = [0x0A, 0x01, (byte)'x', 0x12, (byte)feature.Length, .. feature];
        byte[] features = [0x0A, (byte)entry.Length, .. entry];        // 1: feature map
        byte[] expected = [0x0A, (byte)features.Length, .. features];  // 1: features

        Assert.Equal(expected, example.ToByteArray());
    }

    /// <summary>Field numbers that are easy to get wrong (tfserving-api.md §3.4), read from our descriptors.</summary>
    [Theory]
    [InlineData("tensorflow.serving.PredictResponse", "outputs", 1)]
    [InlineData("tensorflow.serving.PredictResponse", "model_spec", 2)]
    [InlineData("tensorflow.serving.ClassificationResponse", "result", 1)]
    [InlineData("tensorflow.serving.ClassificationResponse", "model_spec", 2)]
    [InlineData("tensorflow.serving.RegressionResponse", "result", 1)]
    [InlineData("tensorflow.serving.RegressionResponse", "model_spec", 2)]
    [InlineData("tensorflow.serving.SessionRunResponse", "model_spec", 3)]
    [InlineData("tensorflow.serving.SessionRunRequest", "tensor_name_is_alias", 6)]
    [InlineData("tensorflow.serving.PredictRequest", "predict_streamed_options", 5)]
    [InlineData("tensorflow.serving.PredictRequest", "client_id", 6)]
    [InlineData("tensorflow.serving.PredictRequest", "request_options", 7)]
    [InlineData("tensorflow.serving.PredictRequest.RequestOptions", "return_all_stoptokens", 9)]
    [InlineData("tensorflow.serving.PredictRequest.RequestOptions", "max_cache_length", 6)]
    [InlineData("tensorflow.serving.PredictionLog", "predict_log", 6)]
    [InlineData("tensorflow.serving.PredictionLog", "predict_streamed_log", 7)]
    [InlineData("tensorflow.serving.PredictionLog", "session_run_log", 5)]
    [InlineData("tensorflow.serving.FileSystemStoragePathSourceConfig.ServableVersionPolicy", "latest", 100)]
    [InlineData("tensorflow.serving.FileSystemStoragePathSourceConfig.ServableVersionPolicy", "all", 101)]
    [InlineData("tensorflow.serving.FileSystemStoragePathSourceConfig.ServableVersionPolicy", "specific", 102)]
    [InlineData("tensorflow.serving.ModelConfig", "logging_config", 6)]
    [InlineData("tensorflow.serving.ModelConfig", "model_version_policy", 7)]
    [InlineData("tensorflow.serving.ModelConfig", "version_labels", 8)]
    [InlineData("tensorflow.serving.SessionBundleConfig", "batching_parameters", 3)]
    [InlineData("tensorflow.serving.SessionBundleConfig", "saved_model_tags", 6)]
    [InlineData("tensorflow.serving.SessionBundleConfig", "enable_model_warmup", 779)]
    [InlineData("tensorflow.serving.SessionBundleConfig", "model_warmup_options", 780)]
    [InlineData("tensorflow.serving.SavedModelBundleSourceAdapterConfig", "legacy_config", 1000)]
    [InlineData("tensorflow.TensorInfo", "coo_sparse", 4)]
    [InlineData("tensorflow.TensorInfo", "composite_tensor", 5)]
    [InlineData("tensorflow.SignatureDef", "defaults", 4)]
    [InlineData("tensorflow.GraphDef", "debug_info", 5)]
    [InlineData("tensorflow.MetaGraphDef", "object_graph_def", 7)]
    [InlineData("tensorflow.TensorProto", "half_val", 13)]
    [InlineData("tensorflow.TensorProto", "uint64_val", 17)]
    public void Descriptor_FieldNumber_MatchesPublishedSchema(string messageName, string fieldName, int number)
    {
        var message = Registry.Find(messageName);

        Assert.NotNull(message);
        Assert.Equal(number, message.FindFieldByName(fieldName)?.FieldNumber);
    }

    [Fact]
    public void Descriptor_ReservedNumbers_AreNotReused()
    {
        Assert.Null(PredictRequest.Descriptor.FindFieldByNumber(4));
        Assert.Null(ModelConfig.Descriptor.FindFieldByNumber(5));
        Assert.Null(ModelConfig.Descriptor.FindFieldByNumber(9));
    }

    [Fact]
    public void Json_StatusProto_KeepsSnakeCaseJsonNames()
    {
        var status = new StatusProto { ErrorCode = Tensorflow.Error.Code.NotFound, ErrorMessage = "gone" };

        Assert.Equal("{ \"error_code\": \"NOT_FOUND\", \"error_message\": \"gone\" }", JsonFormatter.Default.Format(status));
        Assert.Equal("model_version_status", GetModelStatusResponse.Descriptor.FindFieldByName("model_version_status").JsonName);
    }

    private static class Registry
    {
        private static readonly TypeRegistry Types = TypeRegistry.FromFiles(
            PredictionServiceReflection.Descriptor,
            ModelServiceReflection.Descriptor,
            PredictionLogReflection.Descriptor,
            SavedModelBundleSourceAdapterReflection.Descriptor);

        public static MessageDescriptor? Find(string fullName) => Types.Find(fullName);
    }
}

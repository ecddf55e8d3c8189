using SealServe.Models.Config;
using SealServe.TestKit;

namespace SealServe.FunctionalTests;

/// <summary>
/// A server for API tests: <c>half_plus_two</c> at version 123 plus one identity model per element type
/// (<c>identity_float</c>, <c>identity_int8</c>, ..., and <c>identity_bfloat16</c>), shared by a test class.
/// </summary>
public sealed class HalfPlusTwoServer : IAsyncLifetime
{
    public static readonly (string Name, Onnx.TensorProto.Types.DataType Type)[] IdentityModels =
    [
        ("identity_float", Onnx.TensorProto.Types.DataType.Float),
        ("identity_double", Onnx.TensorProto.Types.DataType.Double),
        ("identity_half", Onnx.TensorProto.Types.DataType.Float16),
        ("identity_int8", Onnx.TensorProto.Types.DataType.Int8),
        ("identity_int16", Onnx.TensorProto.Types.DataType.Int16),
        ("identity_int32", Onnx.TensorProto.Types.DataType.Int32),
        ("identity_int64", Onnx.TensorProto.Types.DataType.Int64),
        ("identity_uint8", Onnx.TensorProto.Types.DataType.Uint8),
        ("identity_uint16", Onnx.TensorProto.Types.DataType.Uint16),
        ("identity_uint32", Onnx.TensorProto.Types.DataType.Uint32),
        ("identity_uint64", Onnx.TensorProto.Types.DataType.Uint64),
        ("identity_bool", Onnx.TensorProto.Types.DataType.Bool),
        ("identity_string", Onnx.TensorProto.Types.DataType.String),
    ];

    private readonly List<TempModelRepository> repositories = [];

    public TestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var models = new List<ModelConfig> { Model("half_plus_two", "00000123", TestModels.HalfPlusTwo()) };
        models.AddRange(IdentityModels.Select(m => Model(m.Name, "1", TestModels.Identity(m.Type))));
        models.Add(Model("identity_bfloat16", "1", TestModels.Identity(Onnx.TensorProto.Types.DataType.Bfloat16)));
        models.Add(Model("pairs", "1", TestModels.FloatRows(2)));
        Server = await TestServer.StartAsync(models, options => options.RestApiMaxRequestBytes = 64 << 20);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        repositories.ForEach(r => r.Dispose());
    }

    private ModelConfig Model(string name, string version, byte[] model)
    {
        var repository = new TempModelRepository();
        repositories.Add(repository);
        repository.AddVersion(version, model);
        return ModelConfig.Create(name, repository.BasePath);
    }
}

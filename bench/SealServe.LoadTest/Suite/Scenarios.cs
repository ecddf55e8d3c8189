namespace SealServe.LoadTest.Suite;

/// <summary>Names of what is measured; each SealServe scenario is reported as a ratio to its baseline from the same run.</summary>
internal static class Scenarios
{
    /// <summary>SealServe gRPC Predict (<c>tensor_content</c> input, TF Serving's default typed-field output).</summary>
    public const string SealServeGrpc = "sealserve-grpc";

    /// <summary>SealServe REST predict, row format <c>{"instances": ...}</c>.</summary>
    public const string SealServeRest = "sealserve-rest";

    /// <summary>SealServe gRPC Predict with <c>--enable_batching</c> and the tuned parameters file.</summary>
    public const string SealServeGrpcBatching = "sealserve-grpc-batching";

    /// <summary>Stack limit: the same Predict messages on a bare gRPC service.</summary>
    public const string BareGrpc = "bare-grpc";

    /// <summary>Stack limit: a bare Kestrel endpoint answering the same JSON bytes.</summary>
    public const string BareJson = "bare-json";

    /// <summary>Engine limit: ONNX Runtime in-process, same session options.</summary>
    public const string Engine = "engine";

    /// <summary>The same scenarios driven by C load generators (h2load for gRPC, wrk for REST) instead of .NET clients.</summary>
    public const string SealServeGrpcH2load = "sealserve-grpc-h2load";

    public const string SealServeRestWrk = "sealserve-rest-wrk";

    public const string SealServeGrpcBatchingH2load = "sealserve-grpc-batching-h2load";

    public const string BareGrpcH2load = "bare-grpc-h2load";

    public const string BareJsonWrk = "bare-json-wrk";

    /// <summary>The engine alone at concurrency 1 over a batch of N copies of the input (the batching sweep).</summary>
    public static string EngineBatch(int batch) => $"engine-batch-{batch}";

    public static readonly string[] All =
    [
        SealServeGrpc, SealServeRest, SealServeGrpcBatching, BareGrpc, BareJson, Engine, "engine-sweep",
        SealServeGrpcH2load, SealServeRestWrk, SealServeGrpcBatchingH2load, BareGrpcH2load, BareJsonWrk,
    ];

    /// <summary>The baseline a scenario is divided by, or null.</summary>
    public static string? BaselineOf(string scenario, Models.ModelKind kind) => scenario switch
    {
        SealServeGrpc => kind == Models.ModelKind.Tiny ? BareGrpc : Engine,
        SealServeRest => BareJson,
        SealServeGrpcBatching => SealServeGrpc,
        SealServeGrpcH2load => kind == Models.ModelKind.Tiny ? BareGrpcH2load : Engine,
        SealServeRestWrk => BareJsonWrk,
        SealServeGrpcBatchingH2load => SealServeGrpcH2load,
        _ => null,
    };
}

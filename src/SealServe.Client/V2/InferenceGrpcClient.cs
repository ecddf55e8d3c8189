using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Inference;
using SealServe.Client.Tensors;
using SealServe.Client.Transport;

namespace SealServe.Client.V2;

/// <summary>
/// The Open Inference Protocol (KServe v2) over gRPC (<c>inference.GRPCInferenceService</c>): health, metadata and
/// inference. Inputs go out as <c>raw_input_contents</c> wrapping the caller's memory; outputs are read in place from
/// <c>raw_output_contents</c> (or converted from typed contents when a server answers with those).
/// </summary>
public sealed class InferenceGrpcClient : IDisposable
{
    private readonly GrpcTransport transport;
    private readonly GRPCInferenceService.GRPCInferenceServiceClient client;

    /// <summary>A client for <paramref name="address"/> (<c>http://host:8500</c>, or <c>https://</c> for TLS).</summary>
    public InferenceGrpcClient(Uri address, SealServeClientOptions? options = null)
        : this(new GrpcTransport(address, options))
    {
    }

    /// <summary>A client over a channel the caller owns.</summary>
    public InferenceGrpcClient(ChannelBase channel, SealServeClientOptions? options = null)
        : this(new GrpcTransport(channel, options))
    {
    }

    private InferenceGrpcClient(GrpcTransport transport)
    {
        this.transport = transport;
        client = new GRPCInferenceService.GRPCInferenceServiceClient(transport.Channel);
    }

    /// <summary>Whether the server is live.</summary>
    public async Task<bool> ServerLiveAsync(CancellationToken cancellationToken = default) =>
        (await transport.CallAsync(o => client.ServerLiveAsync(new ServerLiveRequest(), o), cancellationToken).ConfigureAwait(false)).Live;

    /// <summary>Whether every model of the server is ready.</summary>
    public async Task<bool> ServerReadyAsync(CancellationToken cancellationToken = default) =>
        (await transport.CallAsync(o => client.ServerReadyAsync(new ServerReadyRequest(), o), cancellationToken).ConfigureAwait(false)).Ready;

    /// <summary>Whether a model (version) is ready.</summary>
    public async Task<bool> ModelReadyAsync(string model, string? version = null, CancellationToken cancellationToken = default) =>
        (await transport.CallAsync(o => client.ModelReadyAsync(new ModelReadyRequest { Name = model, Version = version ?? string.Empty }, o), cancellationToken).ConfigureAwait(false)).Ready;

    /// <summary>The server's name, version and protocol extensions.</summary>
    public async Task<ServerMetadataResponse> ServerMetadataAsync(CancellationToken cancellationToken = default) =>
        await transport.CallAsync(o => client.ServerMetadataAsync(new ServerMetadataRequest(), o), cancellationToken).ConfigureAwait(false);

    /// <summary>A model's versions, platform and tensors.</summary>
    public async Task<ModelMetadataResponse> ModelMetadataAsync(string model, string? version = null, CancellationToken cancellationToken = default) =>
        await transport.CallAsync(o => client.ModelMetadataAsync(new ModelMetadataRequest { Name = model, Version = version ?? string.Empty }, o), cancellationToken).ConfigureAwait(false);

    /// <summary>Runs one inference with raw contents. <see cref="InferOptions.BinaryData"/> does not apply: gRPC is always binary.</summary>
    public async Task<InferResult> InferAsync(string model, IReadOnlyList<InferTensor> inputs, InferOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new InferOptions();
        var request = new ModelInferRequest { ModelName = model, ModelVersion = options.Version ?? string.Empty, Id = options.Id ?? string.Empty };
        if (options.SignatureName is { } signature)
        {
            request.Parameters["signature_name"] = new InferParameter { StringParam = signature };
        }

        foreach (var input in inputs)
        {
            request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = input.Name, Datatype = input.Datatype, Shape = { input.Shape } });
            request.RawInputContents.Add(UnsafeByteOperations.UnsafeWrap(input.Raw));
        }

        foreach (var name in options.Outputs ?? [])
        {
            request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = name });
        }

        var response = await transport.CallAsync(o => client.ModelInferAsync(request, o), cancellationToken).ConfigureAwait(false);
        var outputs = response.Outputs.Select((o, i) => new InferTensor(
            o.Name, o.Datatype, o.Shape.ToArray(), i < response.RawOutputContents.Count ? response.RawOutputContents[i].Memory : Raw(o.Datatype, o.Contents))).ToArray();
        return new InferResult(response.ModelName, response.ModelVersion, response.Id.Length > 0 ? response.Id : null, outputs);
    }

    /// <inheritdoc/>
    public void Dispose() => transport.Dispose();

    /// <summary>Typed contents in the raw layout (a copy: typed fields are not laid out as the elements).</summary>
    private static byte[] Raw(string datatype, InferTensorContents? contents)
    {
        contents ??= new InferTensorContents();
        return datatype switch
        {
            "BOOL" => contents.BoolContents.Select(b => b ? (byte)1 : (byte)0).ToArray(),
            "INT8" => contents.IntContents.Select(v => (byte)(sbyte)v).ToArray(),
            "UINT8" => contents.UintContents.Select(v => (byte)v).ToArray(),
            "INT16" => Bytes(contents.IntContents.Select(v => (short)v).ToArray()),
            "UINT16" => Bytes(contents.UintContents.Select(v => (ushort)v).ToArray()),
            "INT32" => Bytes(contents.IntContents.ToArray()),
            "UINT32" => Bytes(contents.UintContents.ToArray()),
            "INT64" => Bytes(contents.Int64Contents.ToArray()),
            "UINT64" => Bytes(contents.Uint64Contents.ToArray()),
            "FP32" => Bytes(contents.Fp32Contents.ToArray()),
            "FP64" => Bytes(contents.Fp64Contents.ToArray()),
            Datatypes.Bytes => InferTensor.FromBytes(string.Empty, contents.BytesContents.Select(b => b.ToByteArray()).ToArray()).Raw.ToArray(),
            _ => throw new NotSupportedException($"{datatype} has no typed contents."),
        };
    }

    private static byte[] Bytes<T>(T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}

using System.Reflection;
using System.Text.Json;
using Inference;
using SealServe.Core.Signatures;
using SealServe.Models.Management;

namespace SealServe.Server.Codecs.V2;

/// <summary>
/// Server and model metadata of the protocol, built once as the gRPC messages and written as the REST JSON from them.
/// A model's inputs and outputs are its <c>serving_default</c> signature's aliases, datatypes and declared shapes
/// (-1 for a dimension of any size; <c>[-1]</c> when even the rank is not declared).
/// </summary>
internal static class V2Metadata
{
    /// <summary>The protocol extensions served: binary tensor data on REST.</summary>
    public static readonly string[] Extensions = ["binary_tensor_data"];

    public static ServerMetadataResponse Server() => new()
    {
        Name = "sealserve",
        Version = typeof(V2Metadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0",
        Extensions = { Extensions },
    };

    /// <param name="versions">The model's AVAILABLE versions.</param>
    public static ModelMetadataResponse Model(ServableHandle handle, Signature signature, IEnumerable<long> versions)
    {
        var metadata = new ModelMetadataResponse { Name = handle.ModelName, Platform = Platform(handle.Format) };
        metadata.Versions.AddRange(versions.Order().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        metadata.Inputs.AddRange(signature.InputAliases.Select(a => Tensor(a, signature.Inputs[a])));
        metadata.Outputs.AddRange(signature.OutputAliases.Select(a => Tensor(a, signature.Outputs[a])));
        return metadata;
    }

    public static void WriteJson(Utf8JsonWriter json, ServerMetadataResponse metadata)
    {
        json.WriteStartObject();
        json.WriteString("name"u8, metadata.Name);
        json.WriteString("version"u8, metadata.Version);
        json.WriteStartArray("extensions"u8);
        foreach (var extension in metadata.Extensions)
        {
            json.WriteStringValue(extension);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteJson(Utf8JsonWriter json, ModelMetadataResponse metadata)
    {
        json.WriteStartObject();
        json.WriteString("name"u8, metadata.Name);
        json.WriteStartArray("versions"u8);
        foreach (var version in metadata.Versions)
        {
            json.WriteStringValue(version);
        }

        json.WriteEndArray();
        json.WriteString("platform"u8, metadata.Platform);
        WriteTensors(json, "inputs"u8, metadata.Inputs);
        WriteTensors(json, "outputs"u8, metadata.Outputs);
        json.WriteEndObject();
    }

    /// <summary>The protocol's platform names for the formats we load.</summary>
    private static string Platform(string format) => format switch
    {
        "onnx" => "onnx_onnxv1",
        "saved_model" => "tensorflow_savedmodel",
        _ => "tensorflow_graphdef",
    };

    private static ModelMetadataResponse.Types.TensorMetadata Tensor(string alias, TensorSpec spec)
    {
        var tensor = new ModelMetadataResponse.Types.TensorMetadata { Name = alias, Datatype = V2DataTypes.Name(spec.DataType) };
        if (spec.Shape is { UnknownRank: false } shape)
        {
            tensor.Shape.AddRange(shape.Dims.Select(d => d.Size < 0 ? -1 : d.Size));
        }
        else
        {
            tensor.Shape.Add(-1);
        }

        return tensor;
    }

    private static void WriteTensors(Utf8JsonWriter json, ReadOnlySpan<byte> key, IEnumerable<ModelMetadataResponse.Types.TensorMetadata> tensors)
    {
        json.WriteStartArray(key);
        foreach (var tensor in tensors)
        {
            json.WriteStartObject();
            json.WriteString("name"u8, tensor.Name);
            json.WriteString("datatype"u8, tensor.Datatype);
            json.WriteStartArray("shape"u8);
            foreach (var dim in tensor.Shape)
            {
                json.WriteNumberValue(dim);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

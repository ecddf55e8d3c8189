using SealServe.Core.Errors;
using SealServe.Models.Management;
using VersionChoice = Tensorflow.Serving.ModelSpec.VersionChoiceOneofCase;

namespace SealServe.Server.Grpc;

/// <summary>Reads the ModelSpec of a gRPC request as TF Serving does.</summary>
internal static class ModelSpecs
{
    public static ServableRequest ToServableRequest(Tensorflow.Serving.ModelSpec? spec)
    {
        if (spec is null)
        {
            throw ServingException.InvalidArgument("Missing ModelSpec");
        }

        return spec.VersionChoiceCase switch
        {
            VersionChoice.Version => new ServableRequest(spec.Name, Version: spec.Version),
            VersionChoice.VersionLabel => new ServableRequest(spec.Name, Label: spec.VersionLabel),
            _ => new ServableRequest(spec.Name),
        };
    }

    public static Tensorflow.Serving.ModelSpec Resolved(string name, long version, string? signatureName) =>
        new() { Name = name, Version = version, SignatureName = signatureName ?? string.Empty };
}

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

    /// <summary>TF Serving's checks of a MultiInference request's tasks: every ModelSpec names the same, non-empty model.</summary>
    public static void CheckSameModel(IEnumerable<Tensorflow.Serving.ModelSpec?> specs)
    {
        string? model = null;
        foreach (var spec in specs)
        {
            var name = spec?.Name ?? string.Empty;
            if (name.Length == 0)
            {
                throw ServingException.InvalidArgument("Found ModelSpec with an empty model name.");
            }

            if ((model ??= name) != name)
            {
                throw ServingException.InvalidArgument("All ModelSpecs in a MultiInferenceRequest must access the same model name.");
            }
        }
    }

    public static Tensorflow.Serving.ModelSpec Resolved(string name, long version, string? signatureName) =>
        new() { Name = name, Version = version, SignatureName = signatureName ?? string.Empty };
}

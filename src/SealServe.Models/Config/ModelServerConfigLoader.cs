using SealServe.Core.Errors;
using SealServe.Models.Config.Validation;
using SealServe.Models.Policies;
using ProtoModelConfig = Tensorflow.Serving.ModelConfig;
using ProtoModelServerConfig = Tensorflow.Serving.ModelServerConfig;
using ProtoVersionPolicy = Tensorflow.Serving.FileSystemStoragePathSourceConfig.Types.ServableVersionPolicy;

namespace SealServe.Models.Config;

/// <summary>
/// Reads a <c>--model_config_file</c> (text-format <c>tensorflow.serving.ModelServerConfig</c>) into a
/// validated <see cref="ModelServerConfig"/>, with TF Serving's error texts. Every problem in the file is
/// reported in one exception.
/// </summary>
/// <remarks>
/// Rules: names unique and not empty; <c>base_path</c> absolute (relative paths are refused as TF
/// Serving does, not resolved against the file's folder, so a file means the same to both servers),
/// local, and an existing folder; <c>model_platform</c> <c>tensorflow</c> or <c>onnx</c>, or the
/// deprecated <c>model_type: TENSORFLOW</c>, never both; <c>model_version_policy</c> mapped to
/// <see cref="VersionPolicy"/> (latest 1 when absent); <c>version_labels</c> kept as given (whether a
/// label's version is available is for the running server to check). <c>logging_config</c> is accepted
/// and ignored; <c>custom_model_config</c> is refused. Environment variables such as
/// <c>${MODEL_DIR}</c> are not substituted, as in TF Serving.
/// </remarks>
public static class ModelServerConfigLoader
{
    private static readonly IModelConfigValidator[] Validators =
        [new ModelNameValidator(), new BasePathValidator(), new VersionPolicyValidator()];

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="ServingException">
    /// NOT_FOUND for a missing file; INVALID_ARGUMENT for a syntax error (inner
    /// <see cref="TextFormat.TextFormatException"/> with line and column) or invalid content (every error, one message).
    /// </exception>
    public static ModelServerConfig Load(string path) => Parse(ConfigFile.ReadText(path), path);

    /// <summary>Parses and validates config text (<paramref name="path"/>, if given, names it in syntax errors).</summary>
    /// <exception cref="ServingException">As for <see cref="Load"/>.</exception>
    public static ModelServerConfig Parse(string text, string? path = null) =>
        FromProto(ConfigFile.Parse<ProtoModelServerConfig>(text, path));

    /// <summary>Maps and validates a config message, e.g. one sent with <c>HandleReloadConfigRequest</c>.</summary>
    /// <exception cref="ServingException">INVALID_ARGUMENT naming every problem.</exception>
    public static ModelServerConfig FromProto(ProtoModelServerConfig proto)
    {
        var errors = new List<Exception>();
        return Validate(FromProto(proto, errors), errors);
    }

    /// <summary>Validates a config built elsewhere (the command line's single model) by the same rules as a config file.</summary>
    /// <exception cref="ServingException">INVALID_ARGUMENT or NOT_FOUND naming every problem.</exception>
    public static ModelServerConfig Validate(ModelServerConfig config, List<Exception>? errors = null)
    {
        errors ??= [];
        foreach (var validator in Validators)
        {
            validator.Validate(config, errors);
        }

        ConfigFile.ThrowIfAny(errors, "the model config");
        return config;
    }

    internal static ModelServerConfig FromProto(ProtoModelServerConfig proto, IList<Exception> errors)
    {
        switch (proto.ConfigCase)
        {
            case ProtoModelServerConfig.ConfigOneofCase.ModelConfigList:
                return new ModelServerConfig(proto.ModelConfigList.Config.Select(model => FromProto(model, errors)).ToArray());
            case ProtoModelServerConfig.ConfigOneofCase.CustomModelConfig:
                errors.Add(ServingException.InvalidArgument("ModelServer does not yet support custom model config."));
                return ModelServerConfig.Empty;
            default:
                return ModelServerConfig.Empty;
        }
    }

    private static ModelConfig FromProto(ProtoModelConfig model, IList<Exception> errors) =>
        new(
            model.Name,
            model.BasePath,
            ResolvePlatform(model, errors),
            ToVersionPolicy(model.ModelVersionPolicy),
            new Dictionary<string, long>(model.VersionLabels, StringComparer.Ordinal));

    /// <summary>TF Serving's <c>GetPlatform</c>, then our supported set; an empty result means an error was added.</summary>
#pragma warning disable CS0612 // model_type and its values are deprecated, and still accepted, as TF Serving does.
    private static string ResolvePlatform(ProtoModelConfig model, IList<Exception> errors)
    {
        var modelType = model.ModelType;
        if (modelType != Tensorflow.Serving.ModelType.Unspecified && model.ModelPlatform.Length > 0)
        {
            errors.Add(ServingException.InvalidArgument(
                $"Illegal setting both ModelServerConfig::model_type (deprecated) and ModelServerConfig::model_platform, model name is {model.Name}"));
            return string.Empty;
        }

        var platform = modelType switch
        {
            Tensorflow.Serving.ModelType.Unspecified => model.ModelPlatform,
            Tensorflow.Serving.ModelType.Tensorflow => ModelPlatforms.TensorFlow,
            _ => string.Empty,
        };
        if (platform.Length == 0)
        {
            errors.Add(ServingException.InvalidArgument(
                $"Illegal setting neither ModelServerConfig::model_type (deprecated) nor ModelServerConfig::model_platform, model name is {model.Name}"));
        }
        else if (!ModelPlatforms.IsSupported(platform))
        {
            errors.Add(ServingException.InvalidArgument($"Model {model.Name} requests unsupported platform {platform}"));
        }

        return platform;
    }
#pragma warning restore CS0612

    private static VersionPolicy ToVersionPolicy(ProtoVersionPolicy? policy) => policy?.PolicyChoiceCase switch
    {
        ProtoVersionPolicy.PolicyChoiceOneofCase.Latest => new LatestVersionsPolicy((int)Math.Min(policy.Latest.NumVersions, int.MaxValue)),
        ProtoVersionPolicy.PolicyChoiceOneofCase.All => new AllVersionsPolicy(),
        ProtoVersionPolicy.PolicyChoiceOneofCase.Specific => new SpecificVersionsPolicy(policy.Specific.Versions.ToArray()),
        _ => VersionPolicy.Default,
    };
}

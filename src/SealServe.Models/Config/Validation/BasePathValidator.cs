using SealServe.Core.Errors;

namespace SealServe.Models.Config.Validation;

/// <summary>
/// Each base path is absolute (TF Serving's rule and text), local (we read no <c>gs://</c> or
/// <c>s3://</c>), and an existing folder. TF Serving accepts a missing folder and waits for it forever
/// at start (ports still closed); an error at load says what is wrong instead.
/// </summary>
/// <remarks>
/// Relative base paths are refused rather than resolved against the config file's folder: a config
/// file then means the same to SealServe and TF Serving, and never depends on the working directory
/// or on where the file was copied. (The command line's <c>--model_base_path</c> is relative to the
/// working directory, which is unambiguous there.)
/// </remarks>
internal sealed class BasePathValidator : IModelConfigValidator
{
    public void Validate(ModelServerConfig config, IList<Exception> errors)
    {
        foreach (var model in config.Models)
        {
            var path = model.BasePath;
            if (ModelStorePath.TryGetUriScheme(path, out var scheme))
            {
                errors.Add(ServingException.InvalidArgument(
                    $"Model {model.Name} has base_path {path}: {scheme}:// model stores are not supported yet; use a local folder"));
            }
            else if (!Path.IsPathFullyQualified(path))
            {
                errors.Add(ServingException.InvalidArgument(
                    $"Expected model {model.Name} to have an absolute path or URI; got base_path()={path}"));
            }
            else if (!Directory.Exists(path))
            {
                errors.Add(ServingException.NotFound(
                    $"Base path {path} of model {model.Name} does not exist or is not a directory"));
            }
        }
    }
}

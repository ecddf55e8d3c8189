using SealServe.Core.Errors;
using SealServe.Models.Sources.S3;

namespace SealServe.Models.Config.Validation;

/// <summary>
/// Each base path is absolute (TF Serving's rule and text) and an existing folder, or an <c>s3://bucket/prefix</c>
/// location (whether it exists is known only by asking S3: its first listing at start says so); other URI schemes
/// (<c>gs://</c>...) are refused. TF Serving accepts a missing folder and waits for it forever at start (ports still
/// closed); an error at load says what is wrong instead.
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
                if (scheme != S3Location.Scheme)
                {
                    errors.Add(ServingException.InvalidArgument(
                        $"Model {model.Name} has base_path {path}: {scheme}:// model stores are not supported; use a local folder or s3://bucket/prefix"));
                }
                else if (!S3Location.TryParse(path, out _))
                {
                    errors.Add(ServingException.InvalidArgument($"Model {model.Name} has base_path {path}: expected s3://bucket or s3://bucket/prefix"));
                }
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

using SealServe.Core.Errors;

namespace SealServe.Models.Config.Validation;

/// <summary>Every model has a name, and no name is listed twice (TF Serving's text for the latter).</summary>
internal sealed class ModelNameValidator : IModelConfigValidator
{
    public void Validate(ModelServerConfig config, IList<Exception> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Models.Count; i++)
        {
            var name = config.Models[i].Name;
            if (name.Length == 0)
            {
                errors.Add(ServingException.InvalidArgument($"Model config entry {i + 1} has no name"));
            }
            else if (!seen.Add(name) && reported.Add(name))
            {
                errors.Add(ServingException.InvalidArgument($"Illegal to list model {name} multiple times in config list"));
            }
        }
    }
}

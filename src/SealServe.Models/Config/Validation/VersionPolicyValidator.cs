using SealServe.Core.Errors;
using SealServe.Models.Policies;

namespace SealServe.Models.Config.Validation;

/// <summary>
/// A <c>specific</c> policy lists at least one version. TF Serving only logs an empty list, and then
/// waits forever for the model at start; saying so at the door is clearer.
/// </summary>
internal sealed class VersionPolicyValidator : IModelConfigValidator
{
    public void Validate(ModelServerConfig config, IList<Exception> errors)
    {
        foreach (var model in config.Models)
        {
            if (model.Policy is SpecificVersionsPolicy { Versions.Count: 0 })
            {
                errors.Add(ServingException.InvalidArgument(
                    $"Model {model.Name} has model_version_policy specific {{}} without versions: it would serve nothing"));
            }
        }
    }
}

using SealServe.Core.Errors;
using SealServe.Models.Config;

namespace SealServe.Models.Management;

/// <summary>
/// TF Serving's rules for moving from one model list to the next, checked before anything changes:
/// a model keeps its platform, and a label may point only at a version that is AVAILABLE — unless
/// <c>--allow_version_labels_for_unavailable_models</c>, which still refuses to move an existing label
/// to a version that is not available.
/// </summary>
internal static class ModelConfigTransition
{
    public static void Check(ModelServerConfig previous, ModelServerConfig next, ServableManager manager, bool allowUnavailableLabels)
    {
        foreach (var model in next.Models)
        {
            var old = previous.Models.FirstOrDefault(m => m.Name == model.Name);
            if (old is not null && old.Platform != model.Platform)
            {
                throw ServingException.InvalidArgument(
                    $"Illegal to change a model's platform. For model {model.Name} platform was {old.Platform} and new platform requested is {model.Platform}");
            }

            foreach (var (label, version) in model.VersionLabels)
            {
                if (manager.IsAvailable(model.Name, version))
                {
                    continue;
                }

                var moved = old is not null && old.VersionLabels.TryGetValue(label, out var was) && was != version;
                if (!allowUnavailableLabels || moved)
                {
                    throw ServingException.FailedPrecondition(
                        $"Request to assign label to version {version} of model {model.Name}, which is not currently available for inference");
                }
            }
        }
    }
}

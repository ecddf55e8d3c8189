namespace SealServe.Models.Config.Validation;

/// <summary>One rule a model config list must satisfy; adds an error per violation rather than stopping at the first.</summary>
internal interface IModelConfigValidator
{
    void Validate(ModelServerConfig config, IList<Exception> errors);
}

namespace SealServe.TensorFlow.Translation;

/// <summary>What a graph's stateful nodes hold at serving time, fixed at load: variable values and lookup table contents.</summary>
internal sealed record GraphResources(IVariableResolver Variables, ITableResolver Tables)
{
    public static GraphResources Of(TranslationRequest request) => new(request.Variables, request.Tables ?? NoTables.Instance);
}

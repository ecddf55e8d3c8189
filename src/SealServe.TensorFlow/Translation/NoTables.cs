using SealServe.Core.Errors;

namespace SealServe.TensorFlow.Translation;

/// <summary>For graphs read without their init op (a bare GraphDef, tests): no table has contents.</summary>
internal sealed class NoTables : ITableResolver
{
    public static readonly NoTables Instance = new();

    public LookupTableContents Resolve(Tensorflow.NodeDef tableNode) =>
        throw ServingException.FailedPrecondition($"Lookup table '{tableNode.Name}' ({tableNode.Op}) has no contents: the graph was read without the init op that fills it.");
}

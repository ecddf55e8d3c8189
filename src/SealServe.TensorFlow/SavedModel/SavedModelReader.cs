using Google.Protobuf;
using SealServe.Core.Errors;
using Tensorflow;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Reads a SavedModel version folder as TensorFlow Serving's loader does: <c>saved_model.pb</c>, the MetaGraph
/// whose tag set equals the requested one (<c>--saved_model_tags</c>, default <c>serve</c>), its variables and assets.
/// </summary>
public static class SavedModelReader
{
    public const string FileName = "saved_model.pb";

    public const string TextFileName = "saved_model.pbtxt";

    /// <summary>The marker of a legacy SessionBundle export.</summary>
    public const string SessionBundleFileName = "export.meta";

    public static IReadOnlyList<string> DefaultTags { get; } = ["serve"];

    /// <summary>The files whose presence makes a folder look like a SavedModel (or a legacy export we reject with TF Serving's error).</summary>
    public static IReadOnlyList<string> MarkerFileNames { get; } = [FileName, TextFileName, SessionBundleFileName];

    /// <summary>True when <paramref name="files"/> look like a SavedModel (<see cref="MarkerFileNames"/>).</summary>
    public static bool IsSavedModel(ISavedModelFiles files) => MarkerFileNames.Any(files.Exists);

    /// <param name="files">The version folder's files.</param>
    /// <param name="tags">The MetaGraph's tag set (order and duplicates do not matter).</param>
    /// <param name="location">The folder, for TF Serving's NOT_FOUND message.</param>
    public static SavedModelBundle Read(ISavedModelFiles files, IReadOnlyCollection<string> tags, string location)
    {
        if (!files.Exists(FileName))
        {
            throw MissingSavedModel(files, location);
        }

        var metaGraph = SelectMetaGraph(ParseSavedModel(files), tags);
        metaGraph.GraphDef ??= new GraphDef();
        GraphShape.ThrowIfMalformed(metaGraph.GraphDef, FileName);
        var variables = VariablesBundleReader.Open(files);
        try
        {
            var resolver = new CheckpointVariableResolver(variables, RestoreWiring.Map(metaGraph));
            var assets = files.List("assets").Concat(files.List("assets.extra")).ToArray();
            return new SavedModelBundle(metaGraph, variables, resolver, new TableInitializers(metaGraph, files, resolver), assets);
        }
        catch
        {
            variables?.Dispose();
            throw;
        }
    }

    private static ServingException MissingSavedModel(ISavedModelFiles files, string location)
    {
        if (files.Exists(SessionBundleFileName))
        {
            return ServingException.Unimplemented("Session Bundle is deprecated and removed.");
        }

        if (files.Exists(TextFileName))
        {
            return ServingException.Unimplemented($"{TextFileName} (text format) is not supported; convert it to {FileName} (binary).");
        }

        return ServingException.NotFound(
            $"Specified file path does not appear to contain a SavedModel bundle (should have a file called `{FileName}`)\nSpecified file path: {location}");
    }

    private static Tensorflow.SavedModel ParseSavedModel(ISavedModelFiles files)
    {
        var bytes = files.ReadAll(FileName);
        try
        {
            return Tensorflow.SavedModel.Parser.ParseFrom(bytes);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException)
        {
            throw new ServingException(StatusCode.DataLoss, $"{FileName} is not a valid SavedModel (truncated or corrupt): {e.Message}", e);
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    private static MetaGraphDef SelectMetaGraph(Tensorflow.SavedModel savedModel, IReadOnlyCollection<string> tags)
    {
        var wanted = tags.ToHashSet(StringComparer.Ordinal);
        foreach (var metaGraph in savedModel.MetaGraphs)
        {
            if (metaGraph.MetaInfoDef?.Tags is { } found && wanted.SetEquals(found))
            {
                return metaGraph;
            }
        }

        var available = savedModel.MetaGraphs.Select(m => "{ " + string.Join(" ", m.MetaInfoDef?.Tags ?? []) + " }");
        throw ServingException.NotFound(
            $"Could not find meta graph def matching supplied tags: {{ {string.Join(" ", wanted.Order(StringComparer.Ordinal))} }}. " +
            $"Tag sets in {FileName}: {string.Join(", ", available)}.");
    }
}

using Google.Protobuf;
using Microsoft.Extensions.Options;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Models.Engine;
using SealServe.Models.Sources;
using SealServe.Sealing;
using SealServe.TensorFlow.Plan;
using SealServe.TensorFlow.SavedModel;
using SealServe.TensorFlow.Translation;

namespace SealServe.Models.Loading;

/// <summary>
/// Loads a TensorFlow SavedModel version folder, or one holding a frozen GraphDef <c>.pb</c> instead (served as
/// <c>serving_default</c>: placeholders in, sink nodes out): reads it through <see cref="IVersionFiles"/> (sealed or
/// plain), plans each group of signatures (same input tensors) in memory (an ONNX model, or ONNX stages with host
/// kernels between them) and opens its engine. Nothing is written to disk; plaintext buffers are zeroed once the
/// sessions exist.
/// </summary>
/// <remarks>
/// A signature that cannot be served (an op with neither a translation nor a kernel) stays in the metadata and
/// answers requests with the reason; the load fails only when <c>serving_default</c> (or,
/// without one, every signature) cannot be served, so a model is never half-usable without saying so.
/// </remarks>
public sealed class SavedModelLoader(EngineOptions engineOptions, ExecutionProviders providers, IOptions<ModelServingOptions> servingOptions) : IModelLoader
{
    // Resolved at start like OnnxModelLoader's, so both run every session on --engine_execution_provider.
    private readonly IExecutionProvider provider = providers.Get(engineOptions.ExecutionProvider);

    public string Format => "saved_model";

    public bool CanLoad(VersionDirectory directory)
    {
        // Names only, wherever the version is stored (a folder or an S3 prefix): no file is read here.
        using var files = new SavedModelFiles(new PlainVersionFiles(directory.Files));
        return SavedModelReader.IsSavedModel(files) || FrozenGraphReader.IsFrozenGraph(files);
    }

    public IServable Load(VersionDirectory directory, IVersionFiles files, CancellationToken cancellationToken)
    {
        var modelName = ModelName(directory);
        using var modelFiles = new SavedModelFiles(files);
        if (FrozenGraphReader.IsFrozenGraph(modelFiles))
        {
            try
            {
                var file = FrozenGraphReader.FindGraphFile(modelFiles);
                var graph = FrozenGraphReader.Read(modelFiles.ReadAll(file), file);
                var signature = FrozenGraphReader.Signature(graph);
                var group = new SignatureGroup([signature.Key], FrozenGraphReader.Inputs(graph), FrozenGraphReader.Outputs(graph));
                return Translate(graph, new Dictionary<string, Signature> { [signature.Key] = signature }, [group], FrozenGraphReader.NoVariables, null, null, modelName, cancellationToken);
            }
            catch (ServingException e)
            {
                throw new ServingException(e.Code, $"Failed to load frozen GraphDef version {directory.Version} from {directory.Path}: {e.Message}", e);
            }
        }

        try
        {
            using var bundle = SavedModelReader.Read(modelFiles, servingOptions.Value.SavedModelTags, directory.Path);
            var stateful = StatefulSignatures.Analyze(bundle.MetaGraph);
            return Translate(bundle.MetaGraph.GraphDef, bundle.Signatures, SignatureGrouping.Group(bundle.MetaGraph), bundle.Variables, bundle.Tables, stateful, modelName, cancellationToken);
        }
        catch (ServingException e)
        {
            throw new ServingException(e.Code, $"Failed to load SavedModel version {directory.Version} from {directory.Path}: {e.Message}", e);
        }
    }

    /// <summary>The base path's folder name: a loader is not told the configured model name, so this names the model in translator errors.</summary>
    private static string ModelName(VersionDirectory directory) =>
        Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory.Path)))) ?? directory.Path;

    /// <param name="tables">The lookup tables' contents (null: none, as in a frozen graph).</param>
    /// <param name="stateful">What the signatures do with variable state (null: nothing, as in a frozen graph).</param>
    private SavedModelServable Translate(
        Tensorflow.GraphDef graph,
        IReadOnlyDictionary<string, Signature> signatures,
        IReadOnlyList<SignatureGroup> groups,
        IVariableResolver variables,
        ITableResolver? tables,
        StatefulSignatures? stateful,
        string modelName,
        CancellationToken cancellationToken)
    {
        var routes = new Dictionary<string, IServable>(StringComparer.Ordinal);
        var unavailable = new Dictionary<string, ServingException>(StringComparer.Ordinal);
        var resources = new List<IDisposable>();
        try
        {
            var state = stateful is { Variables.Count: > 0 } ? new VariableState(stateful.InitialValues(variables)) : null;
            if (state is not null)
            {
                resources.Add(state);
            }

            foreach (var (key, reason) in stateful?.Refused ?? new Dictionary<string, string>())
            {
                unavailable[key] = ServingException.Unimplemented(reason);
            }

            foreach (var group in groups)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var served = group.SignatureKeys.Where(k => !unavailable.ContainsKey(k)).ToDictionary(k => k, k => signatures[k], StringComparer.Ordinal);
                var uses = served.Keys.ToDictionary(k => k, k => stateful?.Uses.GetValueOrDefault(k) ?? StateUse.None, StringComparer.Ordinal);
                if (served.Count == 0)
                {
                    continue;
                }

                try
                {
                    // Signatures that touch state are fed the variables they read and fetch the new values they compute.
                    GraphInput[] inputs = [.. group.Inputs, .. uses.Values.SelectMany(u => u.Reads).DistinctBy(r => r.TensorName)];
                    string[] outputs = [.. served.Values.SelectMany(s => s.Outputs.Values.Select(o => o.Name)).Concat(uses.Values.SelectMany(u => u.Updates.Select(x => x.Tensor))).Distinct(StringComparer.Ordinal)];
                    var plan = GraphTranslator.Plan(new TranslationRequest(graph, inputs, outputs, variables, modelName, tables));
                    var session = OpenSession(plan, served);
                    resources.Add(session);
                    var servable = state is not null && uses.Values.Any(u => !u.IsEmpty) ? new StatefulServable(session, state, uses) : session;
                    foreach (var key in served.Keys)
                    {
                        routes[key] = servable;
                    }
                }
                catch (ServingException e)
                {
                    foreach (var key in served.Keys)
                    {
                        unavailable[key] = e;
                    }
                }
            }

            ThrowIfDefaultUnavailable(signatures, routes, unavailable);
            return new SavedModelServable(signatures, routes, unavailable, resources);
        }
        catch
        {
            resources.ForEach(r => r.Dispose());
            throw;
        }
    }

    /// <summary>One ONNX Runtime session for a plan that is pure ONNX, else the staged engine (host kernels between sessions).</summary>
    private IServable OpenSession(ServingPlan plan, Dictionary<string, Signature> signatures)
    {
        if (plan.Stages is not [OnnxStage { Model: var model }])
        {
            return StagedServable.Create(plan, engineOptions, provider, signatures);
        }

        var bytes = model.ToByteArray();
        try
        {
            return OnnxServable.Create(bytes, engineOptions, _ => signatures, provider);
        }
        finally
        {
            // The session holds its own copy of the weights now.
            Array.Clear(bytes);
        }
    }

    private static void ThrowIfDefaultUnavailable(IReadOnlyDictionary<string, Signature> signatures, Dictionary<string, IServable> routes, Dictionary<string, ServingException> unavailable)
    {
        if (unavailable.TryGetValue(Signature.DefaultKey, out var defaultError))
        {
            throw new ServingException(defaultError.Code, $"signature '{Signature.DefaultKey}' cannot be served: {defaultError.Message}", defaultError);
        }

        if (routes.Count == 0 && unavailable.Count > 0)
        {
            var (key, error) = unavailable.OrderBy(u => u.Key, StringComparer.Ordinal).First();
            throw new ServingException(error.Code, $"no signature can be served (of {signatures.Count}); '{key}': {error.Message}", error);
        }
    }
}

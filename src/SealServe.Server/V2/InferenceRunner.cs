using System.Diagnostics;
using System.Globalization;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Management;
using SealServe.Models.Serving;
using SealServe.Server.Codecs.V2;
using SealServe.Server.Diagnostics;

namespace SealServe.Server.V2;

/// <summary>
/// Runs an Open Inference Protocol request through the same path as TF Serving's Predict (<see cref="Predictor"/>: one
/// loaded version, its signature's aliases, batching when on). The protocol's tensor names are the signature's aliases
/// (<c>serving_default</c>, or the <c>signature_name</c> parameter); unlike TF Serving's Predict, inputs are checked
/// strictly against the signature (names, datatypes, declared shapes) with errors that name the tensor.
/// </summary>
internal static class InferenceRunner
{
    /// <summary>The version a v2 request names: empty for the server's choice, digits for a version, anything else a version label.</summary>
    public static ServableRequest Servable(string model, string? version) =>
        string.IsNullOrEmpty(version) ? new ServableRequest(model)
        : long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? new ServableRequest(model, number)
        : new ServableRequest(model, Label: version);

    /// <param name="api">The metrics' API label of the caller (<c>infer</c> for REST, <c>ModelInfer</c> for gRPC).</param>
    public static async Task<InferenceResult> RunAsync(
        ServableManager manager, ServableRequest servable, InferenceRequest request, bool binaryByDefault, ServingMetrics metrics, string api, CancellationToken cancellationToken)
    {
        var handle = manager.GetHandle(servable);
        try
        {
            var signature = Predictor.GetSignature(handle.Servable, request.SignatureName);
            CheckInputs(handle.ModelName, signature, request.Inputs);
            var filter = Filter(handle.ModelName, signature, request.Outputs);
            var started = Stopwatch.GetTimestamp();
            var result = await Predictor.PredictAsync(handle, signature, request.Inputs, filter, cancellationToken).ConfigureAwait(false);
            metrics.RecordRuntime(handle.ModelName, api, started);
            return new InferenceResult(handle, result, Order(result, request, binaryByDefault));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void CheckInputs(string model, Signature signature, IReadOnlyDictionary<string, Tensor> inputs)
    {
        foreach (var (name, tensor) in inputs)
        {
            if (!signature.Inputs.TryGetValue(name, out var spec))
            {
                throw V2Errors.Tensor(name, $"model '{model}' has no such input; its inputs are {string.Join(", ", signature.InputAliases)}");
            }

            if (tensor.DataType != spec.DataType)
            {
                throw V2Errors.Tensor(name, $"datatype {V2DataTypes.Name(tensor.DataType)} does not match the model's {V2DataTypes.Name(spec.DataType)}");
            }

            if (spec.Shape is { } declared && !declared.Accepts(tensor.Shape.Dims))
            {
                throw V2Errors.Tensor(name, $"shape {tensor.Shape} does not match the model's {declared}");
            }
        }

        foreach (var alias in signature.InputAliases)
        {
            if (!inputs.ContainsKey(alias))
            {
                throw V2Errors.Tensor(alias, $"model '{model}' needs this input and the request does not send it");
            }
        }
    }

    private static string[] Filter(string model, Signature signature, List<RequestedOutput> outputs)
    {
        var names = new string[outputs.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var name = outputs[i].Name;
            if (!signature.Outputs.ContainsKey(name))
            {
                throw V2Errors.Tensor(name, $"model '{model}' has no such output; its outputs are {string.Join(", ", signature.OutputAliases)}");
            }

            if (Array.IndexOf(names, name, 0, i) >= 0)
            {
                throw V2Errors.Tensor(name, "the request asks for this output twice");
            }

            names[i] = name;
        }

        return names;
    }

    /// <summary>The outputs in the order the request asked for them (the signature's order when it named none).</summary>
    private static InferenceOutput[] Order(PredictResult result, InferenceRequest request, bool binaryByDefault)
    {
        var byName = result.Outputs;
        var outputs = new InferenceOutput[byName.Count];
        if (request.Outputs.Count == 0)
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                outputs[i] = new(byName[i].Key, byName[i].Value, binaryByDefault);
            }

            return outputs;
        }

        for (var i = 0; i < outputs.Length; i++)
        {
            var asked = request.Outputs[i];
            outputs[i] = new(asked.Name, byName.First(o => o.Key == asked.Name).Value, asked.Binary ?? binaryByDefault);
        }

        return outputs;
    }
}

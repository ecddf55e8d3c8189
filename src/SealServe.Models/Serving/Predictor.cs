using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Management;

namespace SealServe.Models.Serving;

/// <summary>
/// TensorFlow Serving's Predict semantics shared by REST and gRPC: signature lookup, the checks of
/// request inputs and output filter against the signature (with TF Serving's error texts), then one
/// engine run with aliases mapped to engine tensor names.
/// </summary>
public static class Predictor
{
    /// <summary>The signature a request names (<c>""</c> = <c>serving_default</c>); FAILED_PRECONDITION when absent, as gRPC Predict reports it.</summary>
    public static Signature GetSignature(IServable servable, string? signatureName)
    {
        var key = string.IsNullOrEmpty(signatureName) ? Signature.DefaultKey : signatureName;
        return servable.Signatures.TryGetValue(key, out var signature)
            ? signature
            : throw ServingException.FailedPrecondition($"Serving signature key \"{key}\" not found.");
    }

    /// <summary>
    /// With <c>--enable_signature_method_name_check</c>, Predict runs only predict, classify and regress signatures (TF
    /// Serving answers INTERNAL otherwise).
    /// </summary>
    public static void CheckMethodName(Signature signature, bool enabled)
    {
        if (enabled && signature.MethodName is not (Signature.PredictMethod or Signature.ClassifyMethod or Signature.RegressMethod))
        {
            throw ServingException.Internal(
                $"Expected prediction signature method_name to be one of {{{Signature.PredictMethod}, {Signature.ClassifyMethod}, {Signature.RegressMethod}}}. Was: {signature.MethodName}");
        }
    }

    /// <summary>Runs <paramref name="signature"/> of the held version. The inputs stay the caller's; the result owns the outputs.</summary>
    public static Task<PredictResult> PredictAsync(
        ServableHandle handle,
        Signature signature,
        IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyList<string> outputFilter,
        CancellationToken cancellationToken) =>
        PredictAsync(handle.Servable, handle.ModelName, handle.Version, signature, inputs, outputFilter, cancellationToken);

    /// <summary>Runs <paramref name="signature"/> of a servable not (yet) under a handle, e.g. during warmup.</summary>
    public static async Task<PredictResult> PredictAsync(
        IServable servable,
        string modelName,
        long version,
        Signature signature,
        IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyList<string> outputFilter,
        CancellationToken cancellationToken)
    {
        var (inputNames, inputTensors) = BindInputs(signature, inputs);
        var outputAliases = SelectOutputs(signature, outputFilter);
        var outputNames = new string[outputAliases.Length];
        for (var i = 0; i < outputAliases.Length; i++)
        {
            outputNames[i] = signature.Outputs[outputAliases[i]].Name;
        }

        var tensors = await servable.RunAsync(signature, inputNames, inputTensors, outputNames, cancellationToken).ConfigureAwait(false);
        var outputs = new KeyValuePair<string, Tensor>[tensors.Length];
        for (var i = 0; i < tensors.Length; i++)
        {
            outputs[i] = new(outputAliases[i], tensors[i]);
        }

        return new PredictResult(modelName, version, signature.Key, outputs);
    }

    /// <summary>
    /// TF Serving's checks of request inputs against the signature: the same aliases, each of the declared
    /// dtype. Runs on whatever describes the inputs, so a codec can check a request before decoding a byte of it.
    /// </summary>
    public static void CheckInputs<T>(Signature signature, IReadOnlyDictionary<string, T> inputs, Func<T, DataType> dataTypeOf)
    {
        if (inputs.Count != signature.Inputs.Count)
        {
            var sent = inputs.Keys.Order(StringComparer.Ordinal).ToArray();
            var expected = signature.InputAliases;
            throw ServingException.InvalidArgument(
                $"input size does not match signature: {inputs.Count}!={expected.Count} len({{{string.Join(",", sent)}}}) != len({{{string.Join(",", expected)}}}). " +
                $"Sent extra: {{{string.Join(",", sent.Except(expected))}}}. Missing but required: {{{string.Join(",", expected.Except(sent))}}}.");
        }

        var index = 0;
        foreach (var alias in signature.InputAliases)
        {
            var spec = signature.Inputs[alias];
            if (!inputs.TryGetValue(alias, out var input))
            {
                throw ServingException.InvalidArgument(
                    $"Signature input alias: {alias}(feed name: {spec.Name}) not found in request and no default value provided. " +
                    $"Inputs expected to be in the request {{{string.Join(",", inputs.Keys.Order(StringComparer.Ordinal))}}}, or default input alias set: ");
            }

            // No shape check: TF Serving feeds whatever shape comes (half_plus_two's x:0 declares [-1,1] yet takes
            // [1.0, 2.0, 5.0]); the engine rejects shapes its graph cannot take, as TensorFlow does.
            var dataType = dataTypeOf(input);
            if (dataType != spec.DataType)
            {
                throw ServingException.InvalidArgument(
                    $"Expects arg[{index}] to be {DataTypes.ShortName(spec.DataType)} but {DataTypes.ShortName(dataType)} is provided (input '{alias}').");
            }

            index++;
        }
    }

    private static (string[] Names, Tensor[] Tensors) BindInputs(Signature signature, IReadOnlyDictionary<string, Tensor> inputs)
    {
        CheckInputs(signature, inputs, static tensor => tensor.DataType);
        var names = new string[inputs.Count];
        var tensors = new Tensor[inputs.Count];
        var index = 0;
        foreach (var alias in signature.InputAliases)
        {
            names[index] = signature.Inputs[alias].Name;
            tensors[index] = inputs[alias];
            index++;
        }

        return (names, tensors);
    }

    private static string[] SelectOutputs(Signature signature, IReadOnlyList<string> outputFilter)
    {
        if (outputFilter.Count == 0)
        {
            return signature.OutputAliases as string[] ?? signature.OutputAliases.ToArray();
        }

        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alias in outputFilter)
        {
            if (!signature.Outputs.ContainsKey(alias))
            {
                throw ServingException.InvalidArgument(
                    $"output tensor alias not found in signature: {alias} Outputs expected to be in the set {{{string.Join(",", signature.OutputAliases)}}}.");
            }

            if (!selected.Add(alias))
            {
                throw ServingException.InvalidArgument($"duplicate output tensor alias: {alias}");
            }
        }

        return selected.Order(StringComparer.Ordinal).ToArray();
    }
}

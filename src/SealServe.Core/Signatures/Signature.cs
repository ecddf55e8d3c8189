namespace SealServe.Core.Signatures;

/// <summary>
/// A named entry point of a servable (TensorFlow's SignatureDef): inputs and outputs by alias,
/// each mapped to an engine tensor, plus the method it serves.
/// </summary>
public sealed class Signature
{
    /// <summary>TensorFlow Serving's signature key used when a request names none.</summary>
    public const string DefaultKey = "serving_default";

    public const string PredictMethod = "tensorflow/serving/predict";
    public const string ClassifyMethod = "tensorflow/serving/classify";
    public const string RegressMethod = "tensorflow/serving/regress";

    public Signature(string key, string methodName, IReadOnlyDictionary<string, TensorSpec> inputs, IReadOnlyDictionary<string, TensorSpec> outputs)
    {
        Key = key;
        MethodName = methodName;
        Inputs = inputs;
        Outputs = outputs;
        InputAliases = inputs.Keys.Order(StringComparer.Ordinal).ToArray();
        OutputAliases = outputs.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    public string Key { get; }

    public string MethodName { get; }

    public IReadOnlyDictionary<string, TensorSpec> Inputs { get; }

    public IReadOnlyDictionary<string, TensorSpec> Outputs { get; }

    /// <summary>Input aliases in ordinal order (TF Serving sorts them in messages and responses).</summary>
    public IReadOnlyList<string> InputAliases { get; }

    /// <summary>Output aliases in ordinal order.</summary>
    public IReadOnlyList<string> OutputAliases { get; }
}

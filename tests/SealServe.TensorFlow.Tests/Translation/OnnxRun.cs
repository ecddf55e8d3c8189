using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SealServe.TensorFlow.Tests.Translation;

/// <summary>Runs an ONNX model in ONNX Runtime with typed feeds and returns its outputs as arrays.</summary>
internal static class OnnxRun
{
    public static NamedOnnxValue Feed<T>(string name, T[] values, params int[] shape) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<T>(values, shape));

    public static IReadOnlyDictionary<string, OnnxResult> Run(global::Onnx.ModelProto model, IReadOnlyCollection<NamedOnnxValue> feeds, params string[] outputs)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(model.ToByteArray(), options);
        var names = outputs.Length > 0 ? outputs : [.. session.OutputMetadata.Keys];
        using var results = session.Run(feeds, names);
        return results.ToDictionary(r => r.Name, Copy);
    }

    private static OnnxResult Copy(DisposableNamedOnnxValue value) => value.Value switch
    {
        Tensor<float> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        Tensor<double> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        Tensor<int> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        Tensor<long> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        Tensor<bool> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        Tensor<string> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        Tensor<byte> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        Tensor<sbyte> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        Tensor<short> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        Tensor<ushort> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        Tensor<uint> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        Tensor<ulong> t => new OnnxResult([.. t.Dimensions], t.ToArray()),
        var other => throw new NotSupportedException($"Output '{value.Name}' is {other?.GetType().Name}."),
    };
}

/// <summary>One output: its dimensions and its elements.</summary>
internal sealed record OnnxResult(int[] Shape, Array Values)
{
    public T[] As<T>() => (T[])Values;
}

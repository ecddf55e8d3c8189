using Tensorflow;
using Tensorflow.Serving;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>Classify, Regress and MultiInference requests over tf.Examples with float features, as clients build them.</summary>
internal static class ExampleRequests
{
    public static Example Example(params (string Key, float Value)[] features)
    {
        var example = new Example { Features = new Features() };
        foreach (var (key, value) in features)
        {
            example.Features.Feature[key] = new Feature { FloatList = new FloatList { Value = { value } } };
        }

        return example;
    }

    /// <summary>One example per value of <c>x</c>.</summary>
    public static Input Xs(params float[] xs)
    {
        var list = new ExampleList();
        list.Examples.AddRange(xs.Select(x => Example(("x", x))));
        return new Input { ExampleList = list };
    }

    public static ModelSpec Spec(string model, string signature, long? version = null)
    {
        var spec = new ModelSpec { Name = model, SignatureName = signature };
        if (version is { } v)
        {
            spec.Version = v;
        }

        return spec;
    }
}

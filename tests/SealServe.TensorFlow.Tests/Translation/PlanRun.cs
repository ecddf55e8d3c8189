using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SealServe.Core.Tensors;
using Tensor = SealServe.Core.Tensors.Tensor;
using SealServe.TensorFlow.Plan;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Tests.Translation;

/// <summary>
/// Runs a <see cref="ServingPlan"/> the simple way (for tests of the importer; the server's engine is <c>StagedServable</c>):
/// stage by stage over a dictionary of values, ONNX stages in fresh ONNX Runtime sessions, kernels by <c>Compute</c>.
/// </summary>
internal static class PlanRun
{
    public static IReadOnlyDictionary<string, Tensor> Run(ServingPlan plan, params (string Name, Tensor Value)[] feeds)
    {
        var values = feeds.ToDictionary(f => ServingPlan.ValueName(f.Name), f => f.Value, StringComparer.Ordinal);
        foreach (var stage in plan.Stages)
        {
            var inputs = stage.Inputs.Select(name => values[name]).ToArray();
            var outputs = stage switch
            {
                KernelStage kernel => kernel.Kernel.Compute(inputs),
                OnnxStage onnx => RunOnnx(onnx, inputs),
                _ => throw new NotSupportedException(),
            };
            for (var i = 0; i < outputs.Length; i++)
            {
                values[stage.Outputs[i]] = outputs[i];
            }
        }

        return plan.Outputs.ToDictionary(o => o, o => values[o], StringComparer.Ordinal);
    }

    private static Tensor[] RunOnnx(OnnxStage stage, Tensor[] inputs)
    {
        var model = stage.Model.Clone();
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = model.Graph.Input.Single(v => v.Name == stage.Inputs[i]);
            if (input.Type.TensorType.ElemType == 0)
            {
                input.Type.TensorType.ElemType = OnnxTypes.ToOnnx(inputs[i].DataType);
            }
        }

        using var session = new InferenceSession(model.ToByteArray());
        var feeds = stage.Inputs.Select((name, i) => ToOrt(name, inputs[i])).ToArray();
        using var results = session.Run(feeds, stage.Outputs);
        return [.. stage.Outputs.Select(name => FromOrt(results.Single(r => r.Name == name).Value))];
    }

    private static NamedOnnxValue ToOrt(string name, Tensor tensor)
    {
        var dims = tensor.Shape.ToArray().Select(d => (int)d).ToArray();
        return tensor.DataType switch
        {
            DataType.Float => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(tensor.AsSpan<float>().ToArray(), dims)),
            DataType.Double => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(tensor.AsSpan<double>().ToArray(), dims)),
            DataType.Int32 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(tensor.AsSpan<int>().ToArray(), dims)),
            DataType.Int64 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(tensor.AsSpan<long>().ToArray(), dims)),
            DataType.Bool => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(tensor.AsSpan<bool>().ToArray(), dims)),
            DataType.String => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(tensor.Strings.Select(s => System.Text.Encoding.UTF8.GetString(s)).ToArray(), dims)),
            _ => throw new NotSupportedException(tensor.ToString()),
        };
    }

    private static Tensor FromOrt(object value) => value switch
    {
        Microsoft.ML.OnnxRuntime.Tensors.Tensor<float> t => Tensor.FromValues(Shape(t.Dimensions), t.ToArray()),
        Microsoft.ML.OnnxRuntime.Tensors.Tensor<double> t => Tensor.FromValues(Shape(t.Dimensions), t.ToArray()),
        Microsoft.ML.OnnxRuntime.Tensors.Tensor<int> t => Tensor.FromValues(Shape(t.Dimensions), t.ToArray()),
        Microsoft.ML.OnnxRuntime.Tensors.Tensor<long> t => Tensor.FromValues(Shape(t.Dimensions), t.ToArray()),
        Microsoft.ML.OnnxRuntime.Tensors.Tensor<bool> t => Tensor.FromValues(Shape(t.Dimensions), t.ToArray()),
        Microsoft.ML.OnnxRuntime.Tensors.Tensor<string> t => Tensor.CreateStrings(Shape(t.Dimensions), [.. t.ToArray().Select(System.Text.Encoding.UTF8.GetBytes)]),
        _ => throw new NotSupportedException(value.GetType().Name),
    };

    private static TensorShape Shape(ReadOnlySpan<int> dims)
    {
        var shape = new long[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            shape[i] = dims[i];
        }

        return new TensorShape(shape);
    }
}

using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>
/// "As fast as the same network exported straight to ONNX", checked without timing: after ONNX Runtime's own
/// optimizations, a translated graph runs the kernels a direct export runs (fused Gemm/Conv with their
/// activations, one LSTM node, layout transposes only at the graph's edges).
/// </summary>
public sealed class OptimizedGraphTests
{
    [Fact]
    public void Optimize_KerasDense_TwoGemmsAndASoftmaxLikeATorchExport()
    {
        var ops = OptimizedOps("tf/SciSharp__TensorFlow.NET__keras_simple_auto_compile/1/saved_model.pb", "serving_default");

        Assert.Equal(["FusedGemm", "Gemm", "Reshape", "Softmax"], ops.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Optimize_KerasLstm_OneLstmKernelNoLoop()
    {
        var ops = OptimizedOps("tf/SciSharp__TensorFlow.NET__keras_lstm_sequential/1/saved_model.pb", "serving_default");

        Assert.Single(ops, op => op == "LSTM");
        Assert.DoesNotContain("Loop", ops);
        Assert.DoesNotContain("MatMul", ops);
    }

    [Fact]
    public void Optimize_Conv2DNetwork_TransposesOnlyAtTheEdges()
    {
        var ops = OptimizedOps("tf/dotnet__machinelearning-testdata__mnist_conv_model/1/saved_model.pb", "serving_default");

        Assert.Equal(2, ops.Count(op => op == "Transpose"));
        Assert.DoesNotContain("Relu", ops);
    }

    [Fact]
    public void Optimize_KerasConv1DTwoBranches_TransposesOnlyAtTheEdges()
    {
        var ops = OptimizedOps("tf/SciSharp__TensorFlow.NET__example1_GRAPHONLY/1/saved_model.pb", "serving_default");

        Assert.Equal(4, ops.Count(op => op == "Transpose"));
        Assert.Equal(4, ops.Count(op => op == "FusedConv"));
    }

    /// <summary>The op types of the graph ONNX Runtime runs after its extended optimizations.</summary>
    private static string[] OptimizedOps(string savedModel, string signature)
    {
        var model = GraphTranslator.Translate(CorpusGraphs.Request(CorpusGraphs.MetaGraph(savedModel), signature, new SeededVariables()));
        var path = Path.Combine(Path.GetTempPath(), $"sealserve-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = path, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR })
            using (new InferenceSession(model.ToByteArray(), options))
            {
            }

            return [.. global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Node.Select(n => n.OpType)];
        }
        finally
        {
            File.Delete(path);
        }
    }
}

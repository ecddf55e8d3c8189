using SealServe.TensorFlow.Translation.Graph;

namespace SealServe.TensorFlow.Translation.Rewriters;

/// <summary>A TensorFlow-level pass run before op translation (function inlining, fused patterns).</summary>
internal interface IGraphRewriter
{
    void Rewrite(TfGraph graph, GraphCut cut);
}

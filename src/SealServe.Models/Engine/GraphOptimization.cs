namespace SealServe.Models.Engine;

/// <summary>How much ONNX Runtime rewrites a graph at load (its <c>GraphOptimizationLevel</c>).</summary>
public enum GraphOptimization
{
    /// <summary>No rewriting (<c>ORT_DISABLE_ALL</c>): fastest load, slowest runs.</summary>
    Disabled,

    /// <summary>Semantics-preserving rewrites such as constant folding and redundant node removal (<c>ORT_ENABLE_BASIC</c>).</summary>
    Basic,

    /// <summary>Basic plus node fusions (<c>ORT_ENABLE_EXTENDED</c>).</summary>
    Extended,

    /// <summary>Everything, including layout changes (<c>ORT_ENABLE_ALL</c>, the default).</summary>
    All,
}

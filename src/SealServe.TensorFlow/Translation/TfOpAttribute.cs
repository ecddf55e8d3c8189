using System.Collections.Frozen;
using System.Reflection;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// Registers an <see cref="IOpTranslator"/> for one or more TensorFlow op types. A class that maps several
/// ops the same way to differently named ONNX ops carries one attribute per ONNX op; its <see cref="Onnx"/>
/// is then the ONNX op type it emits (see <see cref="OnnxOpsOf"/>).
/// </summary>
/// <param name="ops">The TF op type names (<c>"Add"</c>, <c>"AddV2"</c>).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
internal sealed class TfOpAttribute(params string[] ops) : Attribute
{
    public IReadOnlyList<string> Ops { get; } = ops;

    /// <summary>The ONNX ops emitted, for <c>docs/tf-ops.md</c> (e.g. <c>"Transpose + Conv + Transpose"</c>).</summary>
    public string Onnx { get; init; } = string.Empty;

    /// <summary>Limits and remarks for <c>docs/tf-ops.md</c>.</summary>
    public string Notes { get; init; } = string.Empty;

    /// <summary>TF op → <see cref="Onnx"/> over the attributes of <typeparamref name="TTranslator"/>: the table of a table-driven translator.</summary>
    public static FrozenDictionary<string, string> OnnxOpsOf<TTranslator>()
        where TTranslator : IOpTranslator =>
        typeof(TTranslator).GetCustomAttributes<TfOpAttribute>()
            .SelectMany(a => a.Ops.Select(op => (op, a.Onnx)))
            .ToDictionary(p => p.op, p => p.Onnx, StringComparer.Ordinal)
            .ToFrozenDictionary(StringComparer.Ordinal);
}

using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Translation;

/// <summary>A read-only view of one TensorFlow node: name, op, data inputs (control inputs dropped) and typed attributes.</summary>
internal sealed class TfNode
{
    public TfNode(NodeDef definition)
    {
        Definition = definition;
        Inputs = [.. definition.Input.Where(i => !TensorName.IsControl(i)).Select(TensorName.Normalize)];
    }

    public NodeDef Definition { get; }

    public string Name => Definition.Name;

    public string Op => Definition.Op;

    /// <summary>Data inputs as <c>node:index</c>.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The TF name of output <paramref name="index"/>: <c>name:index</c>.</summary>
    public string Output(int index = 0) => TensorName.Of(Name, index);

    public bool HasAttr(string name) => Definition.Attr.ContainsKey(name);

    public long GetInt(string name) => Attr(name, AttrValue.ValueOneofCase.I).I;

    public long GetInt(string name, long defaultValue) => Definition.Attr.TryGetValue(name, out var value) ? value.I : defaultValue;

    public float GetFloat(string name) => Attr(name, AttrValue.ValueOneofCase.F).F;

    public float GetFloat(string name, float defaultValue) => Definition.Attr.TryGetValue(name, out var value) ? value.F : defaultValue;

    public bool GetBool(string name, bool defaultValue = false) => Definition.Attr.TryGetValue(name, out var value) ? value.B : defaultValue;

    public string GetString(string name) => Attr(name, AttrValue.ValueOneofCase.S).S.ToStringUtf8();

    public string GetString(string name, string defaultValue) => Definition.Attr.TryGetValue(name, out var value) ? value.S.ToStringUtf8() : defaultValue;

    /// <summary>A type attribute (<c>T</c>, <c>dtype</c>, <c>DstT</c>...), reference types folded to their base type.</summary>
    public DataType GetType(string name) => BaseType(Attr(name, AttrValue.ValueOneofCase.Type).Type);

    public IReadOnlyList<DataType> GetTypes(string name) => Definition.Attr.TryGetValue(name, out var value) && value.List is not null
        ? [.. value.List.Type.Select(BaseType)]
        : [];

    public IReadOnlyList<long> GetInts(string name) => Definition.Attr.TryGetValue(name, out var value) && value.List is not null
        ? [.. value.List.I]
        : [];

    public IReadOnlyList<long> GetInts(string name, IReadOnlyList<long> defaultValue) => HasAttr(name) ? GetInts(name) : defaultValue;

    public IReadOnlyList<float> GetFloats(string name) => Definition.Attr.TryGetValue(name, out var value) && value.List is not null
        ? [.. value.List.F]
        : [];

    public TensorShapeProto GetShape(string name) => Attr(name, AttrValue.ValueOneofCase.Shape).Shape;

    public Tensorflow.TensorProto GetTensor(string name) => Attr(name, AttrValue.ValueOneofCase.Tensor).Tensor;

    public NameAttrList GetFunction(string name) => Attr(name, AttrValue.ValueOneofCase.Func).Func;

    /// <summary>A translation error that names this node and its op.</summary>
    public ServingException Error(string message) => ServingException.InvalidArgument($"Cannot translate node '{Name}' ({Op}): {message}");

    public override string ToString() => $"{Name} ({Op})";

    private static DataType BaseType(Tensorflow.DataType type)
    {
        var value = (int)type;
        return (DataType)(value > DataTypes.RefOffset ? value - DataTypes.RefOffset : value);
    }

    private AttrValue Attr(string name, AttrValue.ValueOneofCase expected)
    {
        if (!Definition.Attr.TryGetValue(name, out var value))
        {
            throw Error($"attribute '{name}' is missing.");
        }

        if (value.ValueCase != expected && !(expected == AttrValue.ValueOneofCase.S && value.ValueCase == AttrValue.ValueOneofCase.None))
        {
            throw Error(new StringBuilder().Append("attribute '").Append(name).Append("' is ").Append(value.ValueCase).Append(", expected ").Append(expected).Append('.').ToString());
        }

        return value;
    }
}

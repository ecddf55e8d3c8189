using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>Builds a table's contents with TensorFlow's <c>HashTable</c> insert rule: a key again with the same value is ignored, with another value fails.</summary>
internal static class LookupTables
{
    public static LookupTableContents Build(IReadOnlyList<object> keys, IReadOnlyList<object> values, DataType keyType, DataType valueType)
    {
        var index = new Dictionary<object, int>(KeyComparer.Instance);
        var (uniqueKeys, uniqueValues) = (new List<object>(), new List<object>());
        for (var i = 0; i < keys.Count; i++)
        {
            if (index.TryGetValue(keys[i], out var existing))
            {
                if (!KeyComparer.Instance.Equals(uniqueValues[existing], values[i]))
                {
                    throw ServingException.FailedPrecondition(
                        $"HashTable has different value for same key. Key {Text(keys[i])} has {Text(uniqueValues[existing])} and trying to add value {Text(values[i])}");
                }

                continue;
            }

            index[keys[i]] = uniqueKeys.Count;
            uniqueKeys.Add(keys[i]);
            uniqueValues.Add(values[i]);
        }

        return new LookupTableContents(ToTensor(uniqueKeys, keyType), ToTensor(uniqueValues, valueType));
    }

    /// <summary>The elements of a constant as objects (byte arrays, longs, floats...), for <see cref="Build"/>.</summary>
    public static IReadOnlyList<object> Elements(TensorValue value) => value.DataType switch
    {
        DataType.String => [.. value.Strings],
        DataType.Float => [.. value.Span<float>().ToArray().Select(v => (object)v)],
        DataType.Double => [.. value.Span<double>().ToArray().Select(v => (object)v)],
        DataType.Int32 => [.. value.Span<int>().ToArray().Select(v => (object)v)],
        _ => [.. value.ToInt64s().Select(v => (object)v)],
    };

    private static Tensor ToTensor(List<object> elements, DataType type)
    {
        var shape = new TensorShape(elements.Count);
        return type switch
        {
            DataType.String => Tensor.CreateStrings(shape, [.. elements.Cast<byte[]>()]),
            DataType.Float => Tensor.FromValues(shape, [.. elements.Select(e => System.Convert.ToSingle(e, System.Globalization.CultureInfo.InvariantCulture))]),
            DataType.Double => Tensor.FromValues(shape, [.. elements.Select(e => System.Convert.ToDouble(e, System.Globalization.CultureInfo.InvariantCulture))]),
            DataType.Int32 => Tensor.FromValues(shape, [.. elements.Select(e => System.Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture))]),
            DataType.Int64 => Tensor.FromValues(shape, [.. elements.Select(e => System.Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture))]),
            _ => throw ServingException.Unimplemented($"Lookup tables of {DataTypes.TfName(type)} are not supported."),
        };
    }

    private static string Text(object value) => value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;

    /// <summary>Byte arrays by content, numbers by value.</summary>
    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public static readonly KeyComparer Instance = new();

        public new bool Equals(object? x, object? y) => x is byte[] a && y is byte[] b ? a.AsSpan().SequenceEqual(b) : object.Equals(x, y);

        public int GetHashCode(object obj)
        {
            if (obj is not byte[] bytes)
            {
                return obj.GetHashCode();
            }

            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}

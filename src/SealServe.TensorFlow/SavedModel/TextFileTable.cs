using System.Globalization;
using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Reads a lookup table from a text file as TensorFlow's <c>InitializeTableFromTextFileV2</c> does: one entry per line
/// (<c>\n</c> or <c>\r\n</c>); key and value are the whole line (index -2), the line number plus <c>offset</c> (-1), or a
/// column split by the delimiter (≥ 0); <c>vocab_size</c> ≥ 0 reads that many lines exactly.
/// </summary>
internal static class TextFileTable
{
    public const long WholeLine = -2;
    public const long LineNumber = -1;

    public static LookupTableContents Read(byte[] file, string fileName, TextFileColumns columns, DataType keyType, DataType valueType)
    {
        var keys = new List<object>();
        var values = new List<object>();
        var lineNumber = 0L;
        var position = 0;
        while (position < file.Length && (columns.VocabSize < 0 || lineNumber < columns.VocabSize))
        {
            var end = Array.IndexOf(file, (byte)'\n', position);
            var line = file.AsSpan(position, (end < 0 ? file.Length : end) - position);
            position = end < 0 ? file.Length : end + 1;
            if (line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                throw ServingException.InvalidArgument($"Invalid content in {fileName}: empty line found at position {lineNumber}.");
            }

            var fields = columns.KeyIndex >= 0 || columns.ValueIndex >= 0 ? Split(line, columns.Delimiter) : [];
            keys.Add(Field(line, fields, columns.KeyIndex, lineNumber, columns.Offset, keyType, fileName));
            values.Add(Field(line, fields, columns.ValueIndex, lineNumber, columns.Offset, valueType, fileName));
            lineNumber++;
        }

        if (columns.VocabSize >= 0 && lineNumber < columns.VocabSize)
        {
            throw ServingException.InvalidArgument($"Invalid vocab_size in {fileName}: expected {columns.VocabSize} but got {lineNumber}.");
        }

        return LookupTables.Build(keys, values, keyType, valueType);
    }

    private static List<byte[]> Split(ReadOnlySpan<byte> line, byte[] delimiter)
    {
        var fields = new List<byte[]>();
        while (true)
        {
            var at = delimiter.Length == 0 ? -1 : line.IndexOf(delimiter);
            if (at < 0)
            {
                fields.Add(line.ToArray());
                return fields;
            }

            fields.Add(line[..at].ToArray());
            line = line[(at + delimiter.Length)..];
        }
    }

    private static object Field(ReadOnlySpan<byte> line, List<byte[]> fields, long index, long lineNumber, long offset, DataType type, string fileName)
    {
        if (index == LineNumber)
        {
            return type is DataType.Int64 or DataType.Int32
                ? Convert(lineNumber + offset, type)
                : throw ServingException.InvalidArgument($"Signature mismatch. Line number of {fileName} cannot be a {DataTypes.ShortName(type)} table entry (int64 or int32 expected).");
        }

        if (index != WholeLine && index >= fields.Count)
        {
            throw ServingException.InvalidArgument(
                $"Invalid number of columns in {fileName} line {lineNumber} ({Encoding.UTF8.GetString(line)}) : expected {index + 1} got {fields.Count}");
        }

        var text = index == WholeLine ? line.ToArray() : fields[(int)index];
        if (type == DataType.String)
        {
            return text;
        }

        var literal = Encoding.UTF8.GetString(text);
        return type switch
        {
            DataType.Int64 or DataType.Int32 when long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => Convert(integer, type),
            DataType.Float when float.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => real,
            DataType.Double when double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => real,
            _ => throw ServingException.InvalidArgument($"Field {literal} in line {lineNumber} of {fileName} is not a valid {DataTypes.ShortName(type)}."),
        };
    }

    private static object Convert(long value, DataType type) => type == DataType.Int32 ? (object)checked((int)value) : value;
}

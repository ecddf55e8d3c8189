using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// Writes JSON with the layout of rapidjson's <c>PrettyWriter</c> (4-space indent), which TF Serving uses for
/// predict/classify/regress responses, errors and the JSON quoted in error messages.
/// </summary>
/// <remarks>
/// Layout rules (rapidjson's <c>PrettyPrefix</c>): an object member starts on a new line indented by the
/// number of open containers; an array element does too, unless <see cref="SingleLineArrays"/> is set, in
/// which case elements are separated by <c>", "</c>. A closing bracket of a non-empty container goes on its
/// own line (for arrays only when <see cref="SingleLineArrays"/> is off); empty containers print as
/// <c>{}</c> / <c>[]</c>. String escaping follows rapidjson's writer: <c>\" \\ \b \f \n \r \t</c>, other
/// control characters as <c>\u00XX</c> (upper-case hex), everything else as is.
/// Output goes to the <see cref="IBufferWriter{T}"/> in chunks; call <see cref="Flush"/> at the end.
/// </remarks>
internal ref struct RapidJsonPrettyWriter
{
    private const int IndentWidth = 4;
    private const int ChunkSize = 4096;
    private const int MaxInlineKeyBytes = 256;
    private const int Base64BlockBytes = 3 * 1024;

    private static readonly SearchValues<byte> EscapedAscii = SearchValues.Create(EscapedBytes(includeNonAscii: false));
    private static readonly SearchValues<byte> EscapedOrNonAscii = SearchValues.Create(EscapedBytes(includeNonAscii: true));

    private readonly IBufferWriter<byte> output;
    private readonly bool escapeInvalidUtf8;
    private Span<byte> chunk;
    private int used;
    private long flushed;

    // One entry per open container: (values written so far << 1) | 1 when it is an array.
    private Span<int> levels;
    private int[]? rentedLevels;
    private int depth;

    /// <param name="output">Where the UTF-8 text goes.</param>
    /// <param name="levelStorage">Scratch for the open-container stack (grows into a pooled array if too small).</param>
    /// <param name="escapeInvalidUtf8">
    /// When true, bytes of a string that are not part of valid UTF-8 are written as <c>\u00XX</c> (the
    /// Latin-1 character with that byte's value) so the output stays valid JSON for every parser; rapidjson
    /// (and so TF Serving) copies them raw, which makes the whole response unparseable. A client that needs
    /// the exact bytes should name the output <c>…_bytes</c> to get base64.
    /// </param>
    public RapidJsonPrettyWriter(IBufferWriter<byte> output, Span<int> levelStorage, bool escapeInvalidUtf8)
    {
        this.output = output;
        this.escapeInvalidUtf8 = escapeInvalidUtf8;
        levels = levelStorage;
    }

    /// <summary>rapidjson's <c>kFormatSingleLineArray</c>: array elements on one line.</summary>
    public bool SingleLineArrays { get; set; }

    /// <summary>Bytes written so far, flushed or not.</summary>
    public readonly long BytesWritten => flushed + used;

    public void StartObject()
    {
        Prefix();
        Put((byte)'{');
        Push(inArray: false);
    }

    public void EndObject()
    {
        if (Pop() > 0)
        {
            NewLineAndIndent();
        }

        Put((byte)'}');
    }

    public void StartArray()
    {
        Prefix();
        Put((byte)'[');
        Push(inArray: true);
    }

    public void EndArray()
    {
        if (Pop() > 0 && !SingleLineArrays)
        {
            NewLineAndIndent();
        }

        Put((byte)']');
    }

    public void Key(scoped ReadOnlySpan<byte> utf8)
    {
        Prefix();
        WriteQuoted(utf8);
    }

    /// <summary>A key given as a .NET string (transcoded to UTF-8 without allocating for short keys).</summary>
    public void Key(string name)
    {
        var length = Encoding.UTF8.GetMaxByteCount(name.Length);
        byte[]? rented = null;
        var utf8 = length <= MaxInlineKeyBytes ? stackalloc byte[MaxInlineKeyBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(name, utf8);
            Key(utf8[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public void String(scoped ReadOnlySpan<byte> utf8)
    {
        Prefix();
        WriteQuoted(utf8);
    }

    /// <summary>A string value holding the standard (padded) base64 of <paramref name="data"/>.</summary>
    public void Base64String(scoped ReadOnlySpan<byte> data)
    {
        Prefix();
        Put((byte)'"');
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(data.Length, Base64BlockBytes)];
            Reserve(Base64.GetMaxEncodedToUtf8Length(block.Length));
            Base64.EncodeToUtf8(block, chunk[used..], out _, out var written);
            used += written;
            data = data[block.Length..];
        }

        Put((byte)'"');
    }

    public void Null()
    {
        Prefix();
        PutAscii("null"u8);
    }

    public void Bool(bool value)
    {
        Prefix();
        PutAscii(value ? "true"u8 : "false"u8);
    }

    public void Int64(long value)
    {
        Prefix();
        Reserve(24);
        Utf8Formatter.TryFormat(value, chunk[used..], out var written);
        used += written;
    }

    public void UInt64(ulong value)
    {
        Prefix();
        Reserve(24);
        Utf8Formatter.TryFormat(value, chunk[used..], out var written);
        used += written;
    }

    /// <summary>A float in TF Serving's decimal form (<see cref="TfFloatFormat"/>).</summary>
    public void Float(float value)
    {
        Prefix();
        Reserve(TfFloatFormat.MaxLength);
        TfFloatFormat.TryFormat(value, chunk[used..], out var written);
        used += written;
    }

    /// <summary>A double in TF Serving's decimal form (<see cref="TfFloatFormat"/>).</summary>
    public void Double(double value)
    {
        Prefix();
        Reserve(TfFloatFormat.MaxLength);
        TfFloatFormat.TryFormat(value, chunk[used..], out var written);
        used += written;
    }

    /// <summary>Pre-formatted value text (a number), written as is.</summary>
    public void RawValue(scoped ReadOnlySpan<byte> text)
    {
        Prefix();
        PutAscii(text);
    }

    /// <summary>Hands the buffered bytes to the output.</summary>
    public void Flush()
    {
        if (used > 0)
        {
            output.Advance(used);
            flushed += used;
        }

        chunk = default;
        used = 0;
    }

    /// <summary>Returns the pooled level stack, if one was needed. Does not flush.</summary>
    public void Dispose()
    {
        if (rentedLevels is not null)
        {
            ArrayPool<int>.Shared.Return(rentedLevels);
            rentedLevels = null;
        }
    }

    private static byte[] EscapedBytes(bool includeNonAscii)
    {
        var bytes = new List<byte> { (byte)'"', (byte)'\\' };
        for (var b = 0; b < 0x20; b++)
        {
            bytes.Add((byte)b);
        }

        for (var b = 0x80; includeNonAscii && b <= 0xFF; b++)
        {
            bytes.Add((byte)b);
        }

        return [.. bytes];
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);

    private void Prefix()
    {
        if (depth == 0)
        {
            return;
        }

        ref var level = ref levels[depth - 1];
        var count = level >> 1;
        if ((level & 1) != 0)
        {
            if (count > 0)
            {
                Put((byte)',');
                if (SingleLineArrays)
                {
                    Put((byte)' ');
                }
            }

            if (!SingleLineArrays)
            {
                NewLineAndIndent();
            }
        }
        else
        {
            if (count == 0)
            {
                NewLineAndIndent();
            }
            else if (count % 2 == 0)
            {
                Put((byte)',');
                NewLineAndIndent();
            }
            else
            {
                Put((byte)':');
                Put((byte)' ');
            }
        }

        level += 2;
    }

    private void Push(bool inArray)
    {
        if (depth == levels.Length)
        {
            var grown = ArrayPool<int>.Shared.Rent(Math.Max(16, levels.Length * 2));
            levels.CopyTo(grown);
            if (rentedLevels is not null)
            {
                ArrayPool<int>.Shared.Return(rentedLevels);
            }

            rentedLevels = grown;
            levels = grown;
        }

        levels[depth++] = inArray ? 1 : 0;
    }

    /// <summary>Closes the innermost container and returns how many values it held.</summary>
    private int Pop() => levels[--depth] >> 1;

    private void NewLineAndIndent()
    {
        var spaces = depth * IndentWidth;
        Reserve(1 + spaces);
        chunk[used++] = (byte)'\n';
        chunk.Slice(used, spaces).Fill((byte)' ');
        used += spaces;
    }

    private void WriteQuoted(scoped ReadOnlySpan<byte> text)
    {
        Put((byte)'"');
        var special = escapeInvalidUtf8 ? EscapedOrNonAscii : EscapedAscii;
        while (!text.IsEmpty)
        {
            var plain = text.IndexOfAny(special);
            if (plain < 0)
            {
                PutAscii(text);
                break;
            }

            PutAscii(text[..plain]);
            text = text[plain..];
            var b = text[0];
            if (b < 0x80)
            {
                PutEscaped(b);
                text = text[1..];
            }
            else if (Rune.DecodeFromUtf8(text, out _, out var consumed) == OperationStatus.Done)
            {
                PutAscii(text[..consumed]);
                text = text[consumed..];
            }
            else
            {
                PutUnicodeEscape(b);
                text = text[1..];
            }
        }

        Put((byte)'"');
    }

    private void PutEscaped(byte b)
    {
        byte shortForm = b switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'\b' => (byte)'b',
            (byte)'\f' => (byte)'f',
            (byte)'\n' => (byte)'n',
            (byte)'\r' => (byte)'r',
            (byte)'\t' => (byte)'t',
            _ => 0,
        };
        if (shortForm != 0)
        {
            Reserve(2);
            chunk[used++] = (byte)'\\';
            chunk[used++] = shortForm;
        }
        else
        {
            PutUnicodeEscape(b);
        }
    }

    private void PutUnicodeEscape(byte b)
    {
        Reserve(6);
        chunk[used++] = (byte)'\\';
        chunk[used++] = (byte)'u';
        chunk[used++] = (byte)'0';
        chunk[used++] = (byte)'0';
        chunk[used++] = HexDigit(b >> 4);
        chunk[used++] = HexDigit(b & 0xF);
    }

    private void Put(byte b)
    {
        Reserve(1);
        chunk[used++] = b;
    }

    private void PutAscii(scoped ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            Reserve(Math.Min(bytes.Length, ChunkSize));
            var n = Math.Min(bytes.Length, chunk.Length - used);
            bytes[..n].CopyTo(chunk[used..]);
            used += n;
            bytes = bytes[n..];
        }
    }

    private void Reserve(int count)
    {
        if (chunk.Length - used >= count)
        {
            return;
        }

        Flush();
        chunk = output.GetSpan(Math.Max(count, ChunkSize));
        if (chunk.Length < count)
        {
            throw new InvalidOperationException($"The output gave {chunk.Length} bytes where {count} were asked for.");
        }
    }
}

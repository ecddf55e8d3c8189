using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// The JSON text TF Serving quotes in error messages (its <c>JsonValueToDebugString</c>): rapidjson's pretty
/// writer with single-line arrays (<c>[1, 2]</c>; objects on several lines, 4-space indent), stopping at the
/// first value, key or bracket that would start after 256 bytes (so the text may end unbalanced).
/// </summary>
/// <remarks>
/// The walk keeps its own stack of enumerators instead of recursing; it can only get as deep as the
/// 256-byte budget allows. Numbers print as rapidjson does: integers as read, other numbers in the shortest
/// form that reads back (<c>1.5</c>, <c>100.0</c>, <c>1e-7</c>). Deliberate difference: a NaN/Infinity
/// token prints as <c>NaN</c>/<c>Infinity</c>/<c>-Infinity</c>; rapidjson's writer refuses it and ends
/// the text there (often leaving it empty).
/// </remarks>
internal static class JsonDebugText
{
    private const int Budget = 256;

    public static string Render(TfJsonDocument document, JsonElement value)
    {
        var output = new ArrayBufferWriter<byte>(Budget * 2);
        Span<int> levels = stackalloc int[32];
        var writer = new RapidJsonPrettyWriter(output, levels, escapeInvalidUtf8: false) { SingleLineArrays = true };
        try
        {
            Walk(ref writer, document, value);
            writer.Flush();
        }
        finally
        {
            writer.Dispose();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void Walk(ref RapidJsonPrettyWriter writer, TfJsonDocument document, JsonElement value)
    {
        var open = new Stack<Frame>();
        if (!Visit(ref writer, document, value, open))
        {
            return;
        }

        while (open.Count > 0)
        {
            var frame = open.Pop();
            if (frame.IsObject)
            {
                if (!frame.Members.MoveNext())
                {
                    if (!InBudget(writer))
                    {
                        return;
                    }

                    writer.EndObject();
                    continue;
                }

                open.Push(frame);
                var member = frame.Members.Current;
                if (!InBudget(writer))
                {
                    return;
                }

                writer.Key(document.GetNameBytes(member));
                if (!Visit(ref writer, document, member.Value, open))
                {
                    return;
                }
            }
            else
            {
                if (!frame.Items.MoveNext())
                {
                    if (!InBudget(writer))
                    {
                        return;
                    }

                    writer.EndArray();
                    continue;
                }

                open.Push(frame);
                if (!Visit(ref writer, document, frame.Items.Current, open))
                {
                    return;
                }
            }
        }
    }

    private static bool InBudget(in RapidJsonPrettyWriter writer) => writer.BytesWritten < Budget;

    /// <summary>Writes a scalar or opens a container; false when the budget is spent.</summary>
    private static bool Visit(ref RapidJsonPrettyWriter writer, TfJsonDocument document, JsonElement value, Stack<Frame> open)
    {
        if (!InBudget(writer))
        {
            return false;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.StartObject();
                open.Push(new Frame(value.EnumerateObject()));
                break;
            case JsonValueKind.Array:
                writer.StartArray();
                open.Push(new Frame(value.EnumerateArray()));
                break;
            case JsonValueKind.String:
                writer.String(document.GetBytes(value));
                break;
            case JsonValueKind.Number:
                WriteNumber(ref writer, document, value);
                break;
            case JsonValueKind.True:
                writer.Bool(true);
                break;
            case JsonValueKind.False:
                writer.Bool(false);
                break;
            default:
                writer.Null();
                break;
        }

        return true;
    }

    private static void WriteNumber(ref RapidJsonPrettyWriter writer, TfJsonDocument document, JsonElement number)
    {
        if (document.TryGetNonFinite(number, out var special))
        {
            writer.RawValue(double.IsNaN(special) ? "NaN"u8 : special > 0 ? "Infinity"u8 : "-Infinity"u8);
            return;
        }

        // rapidjson keeps integer literals that fit 64 bits as integers, everything else as a double.
        var raw = JsonMarshal.GetRawUtf8Value(number);
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            if (raw[0] == '-' && Utf8Parser.TryParse(raw, out long signed, out var used) && used == raw.Length)
            {
                writer.Int64(signed);
                return;
            }

            if (Utf8Parser.TryParse(raw, out ulong unsigned, out used) && used == raw.Length)
            {
                writer.UInt64(unsigned);
                return;
            }
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            writer.RawValue(raw);
            return;
        }

        Span<byte> text = stackalloc byte[TfFloatFormat.MaxLength + 8];
        writer.RawValue(text[..FormatLikeRapidJson(value, text)]);
    }

    /// <summary>rapidjson's <c>dtoa</c> + <c>Prettify</c> over the shortest round-trip digits.</summary>
    private static int FormatLikeRapidJson(double value, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[TfFloatFormat.MaxLength];
        var count = TfFloatFormat.ShortestDigits(value, isFloat: false, digits, out var negative, out var exponent);
        var text = new AsciiSpanWriter(destination);
        if (negative)
        {
            text.Append((byte)'-');
        }

        if (count == 0)
        {
            text.Append("0.0"u8);
            return text.Length;
        }

        var shown = digits[..count];
        var kk = exponent + 1; // 10^(kk-1) <= |value| < 10^kk
        var k = kk - count;
        if (k >= 0 && kk <= 21)
        {
            text.Append(shown);
            text.AppendZeros(k);
            text.Append(".0"u8);
        }
        else if (kk > 0 && kk <= 21)
        {
            text.Append(shown[..kk]);
            text.Append((byte)'.');
            text.Append(shown[kk..]);
        }
        else if (kk > -6 && kk <= 0)
        {
            text.Append("0."u8);
            text.AppendZeros(-kk);
            text.Append(shown);
        }
        else
        {
            text.Append(shown[0]);
            if (count > 1)
            {
                text.Append((byte)'.');
                text.Append(shown[1..]);
            }

            text.Append((byte)'e');
            if (kk - 1 < 0)
            {
                text.Append((byte)'-');
            }

            text.AppendInteger(Math.Abs(kk - 1));
        }

        return text.Length;
    }

    /// <summary>An open container being walked.</summary>
    private struct Frame
    {
        public JsonElement.ObjectEnumerator Members;
        public JsonElement.ArrayEnumerator Items;
        public bool IsObject;

        public Frame(JsonElement.ObjectEnumerator members)
        {
            Members = members;
            IsObject = true;
        }

        public Frame(JsonElement.ArrayEnumerator items)
        {
            Items = items;
        }
    }
}

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>TensorFlow's UTF8_CHAR unit: characters are counted by their lead bytes (any byte but 10xxxxxx).</summary>
internal static class Utf8Chars
{
    public static bool IsTrail(byte b) => (b & 0xC0) == 0x80;

    public static long Count(ReadOnlySpan<byte> s)
    {
        long count = 0;
        foreach (var b in s)
        {
            count += IsTrail(b) ? 0 : 1;
        }

        return count;
    }

    /// <summary>Moves <paramref name="position"/> forward by <paramref name="count"/> characters; false when the string ends first.</summary>
    public static bool Forward(ReadOnlySpan<byte> s, long count, ref long position)
    {
        long moved = 0;
        while (moved < count && position < s.Length)
        {
            do
            {
                position++;
            }
            while (position < s.Length && IsTrail(s[(int)position]));
            moved++;
        }

        return moved == count;
    }

    /// <summary>Moves <paramref name="position"/> back by <paramref name="count"/> characters; false when the string starts first.</summary>
    public static bool Back(ReadOnlySpan<byte> s, long count, ref long position)
    {
        long moved = 0;
        while (moved < count && position > 0)
        {
            do
            {
                position--;
            }
            while (position > 0 && IsTrail(s[(int)position]));
            moved++;
        }

        return moved == count;
    }
}

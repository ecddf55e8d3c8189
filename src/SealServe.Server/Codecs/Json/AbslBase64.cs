namespace SealServe.Server.Codecs.Json;

/// <summary>
/// Base64 decoding as TF Serving does it for <c>{"b64": "..."}</c> values (Abseil's <c>Base64Unescape</c>):
/// the standard alphabet, ASCII whitespace anywhere ignored, and padding (<c>=</c>, or Abseil's <c>.</c>)
/// either absent or exactly right.
/// </summary>
internal static class AbslBase64
{
    public static bool TryDecode(ReadOnlySpan<byte> text, out byte[] decoded)
    {
        decoded = [];
        var output = new byte[(3 * (text.Length / 4)) + (text.Length % 4)];
        var written = 0;
        var state = 0;
        var bits = 0u;
        var i = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            var value = SextetOf(c);
            if (value >= 0)
            {
                bits = (bits << 6) | (uint)value;
                if (++state == 4)
                {
                    output[written++] = (byte)(bits >> 16);
                    output[written++] = (byte)(bits >> 8);
                    output[written++] = (byte)bits;
                    state = 0;
                    bits = 0;
                }
            }
            else if (c is (byte)'=' or (byte)'.')
            {
                break;
            }
            else if (!IsSpace(c))
            {
                return false;
            }
        }

        int expectedPadding;
        switch (state)
        {
            case 0:
                expectedPadding = 0;
                break;
            case 2:
                output[written++] = (byte)(bits >> 4);
                expectedPadding = 2;
                break;
            case 3:
                output[written++] = (byte)(bits >> 10);
                output[written++] = (byte)(bits >> 2);
                expectedPadding = 1;
                break;
            default:
                return false;
        }

        var padding = 0;
        for (; i < text.Length; i++)
        {
            if (text[i] is (byte)'=' or (byte)'.')
            {
                padding++;
            }
            else if (!IsSpace(text[i]))
            {
                return false;
            }
        }

        if (padding != 0 && padding != expectedPadding)
        {
            return false;
        }

        decoded = written == output.Length ? output : output.AsSpan(0, written).ToArray();
        return true;
    }

    private static int SextetOf(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}

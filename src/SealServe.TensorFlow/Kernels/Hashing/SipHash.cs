using System.Buffers.Binary;
using System.Numerics;

namespace SealServe.TensorFlow.Kernels.Hashing;

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein) with a 128-bit key given as two 64-bit words: what TensorFlow's
/// <c>StrongKeyedHash</c>, and so <c>StringToHashBucketStrong</c>, computes. Written from the SipHash paper.
/// </summary>
internal static class SipHash
{
    public static ulong Hash24(ulong key0, ulong key1, ReadOnlySpan<byte> message)
    {
        var v0 = 0x736f6d6570736575UL ^ key0;
        var v1 = 0x646f72616e646f6dUL ^ key1;
        var v2 = 0x6c7967656e657261UL ^ key0;
        var v3 = 0x7465646279746573UL ^ key1;

        var blocks = message.Length / 8 * 8;
        for (var at = 0; at < blocks; at += 8)
        {
            var m = BinaryPrimitives.ReadUInt64LittleEndian(message[at..]);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        // The last block: the remaining bytes, and the length's low byte at the top.
        var last = (ulong)message.Length << 56;
        for (var i = blocks; i < message.Length; i++)
        {
            last |= (ulong)message[i] << (8 * (i - blocks));
        }

        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xff;
        for (var i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}

using System.Buffers.Binary;
using System.Numerics;

namespace SealServe.TensorFlow.Kernels.Hashing;

/// <summary>
/// FarmHash's <c>Fingerprint64</c> (the <c>farmhashna</c> 64-bit hash, which FarmHash promises never to change): what
/// TensorFlow's <c>Fingerprint64</c> computes, and so what <c>StringToHashBucketFast</c> buckets by. Written from
/// FarmHash's published algorithm; checked against TensorFlow's frozen fingerprints and TensorFlow.js's buckets.
/// </summary>
internal static class FarmHash
{
    private const ulong K0 = 0xc3a5c85c97cb3127UL;
    private const ulong K1 = 0xb492b66fbe98f273UL;
    private const ulong K2 = 0x9ae16a3b2f90404fUL;

    public static ulong Fingerprint64(ReadOnlySpan<byte> s) => s.Length switch
    {
        <= 16 => HashLen0To16(s),
        <= 32 => HashLen17To32(s),
        <= 64 => HashLen33To64(s),
        _ => HashLong(s),
    };

    private static ulong Fetch64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);

    private static ulong Fetch32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);

    private static ulong Rotate(ulong value, int shift) => BitOperations.RotateRight(value, shift);

    private static ulong ShiftMix(ulong value) => value ^ (value >> 47);

    private static ulong HashLen16(ulong u, ulong v, ulong mul)
    {
        var a = (u ^ v) * mul;
        a ^= a >> 47;
        var b = (v ^ a) * mul;
        b ^= b >> 47;
        return b * mul;
    }

    private static ulong HashLen0To16(ReadOnlySpan<byte> s)
    {
        var length = (ulong)s.Length;
        if (s.Length >= 8)
        {
            var mul = K2 + (length * 2);
            var a = Fetch64(s, 0) + K2;
            var b = Fetch64(s, s.Length - 8);
            var c = (Rotate(b, 37) * mul) + a;
            var d = (Rotate(a, 25) + b) * mul;
            return HashLen16(c, d, mul);
        }

        if (s.Length >= 4)
        {
            var mul = K2 + (length * 2);
            return HashLen16(length + (Fetch32(s, 0) << 3), Fetch32(s, s.Length - 4), mul);
        }

        if (s.Length > 0)
        {
            var y = (uint)s[0] + ((uint)s[s.Length >> 1] << 8);
            var z = (uint)s.Length + ((uint)s[^1] << 2);
            return ShiftMix((y * K2) ^ (z * K0)) * K2;
        }

        return K2;
    }

    private static ulong HashLen17To32(ReadOnlySpan<byte> s)
    {
        var mul = K2 + ((ulong)s.Length * 2);
        var a = Fetch64(s, 0) * K1;
        var b = Fetch64(s, 8);
        var c = Fetch64(s, s.Length - 8) * mul;
        var d = Fetch64(s, s.Length - 16) * K2;
        return HashLen16(Rotate(a + b, 43) + Rotate(c, 30) + d, a + Rotate(b + K2, 18) + c, mul);
    }

    private static ulong HashLen33To64(ReadOnlySpan<byte> s)
    {
        var mul = K2 + ((ulong)s.Length * 2);
        var a = Fetch64(s, 0) * K2;
        var b = Fetch64(s, 8);
        var c = Fetch64(s, s.Length - 8) * mul;
        var d = Fetch64(s, s.Length - 16) * K2;
        var y = Rotate(a + b, 43) + Rotate(c, 30) + d;
        var z = HashLen16(y, a + Rotate(b + K2, 18) + c, mul);
        var e = Fetch64(s, 16) * mul;
        var f = Fetch64(s, 24);
        var g = (y + Fetch64(s, s.Length - 32)) * mul;
        var h = (z + Fetch64(s, s.Length - 24)) * mul;
        return HashLen16(Rotate(e + f, 43) + Rotate(g, 30) + h, e + Rotate(f + a, 18) + g, mul);
    }

    /// <summary>A 16-byte hash of 32 bytes and two seeds.</summary>
    private static (ulong First, ulong Second) WeakHashLen32WithSeeds(ReadOnlySpan<byte> s, int at, ulong a, ulong b)
    {
        var (w, x, y, z) = (Fetch64(s, at), Fetch64(s, at + 8), Fetch64(s, at + 16), Fetch64(s, at + 24));
        a += w;
        b = Rotate(b + a + z, 21);
        var c = a;
        a += x;
        a += y;
        b += Rotate(a, 44);
        return (a + z, b + c);
    }

    /// <summary>Over 64 bytes: 64-byte blocks into 56 bytes of state, then the last 64 bytes.</summary>
    private static ulong HashLong(ReadOnlySpan<byte> s)
    {
        const ulong Seed = 81;
        var x = Seed;
        var y = unchecked((Seed * K1) + 113);
        var z = ShiftMix((y * K2) + 113) * K2;
        (ulong First, ulong Second) v = (0, 0);
        (ulong First, ulong Second) w = (0, 0);
        x = (x * K2) + Fetch64(s, 0);

        var end = ((s.Length - 1) / 64) * 64;
        var last64 = s.Length - 64;
        var at = 0;
        do
        {
            x = Rotate(x + y + v.First + Fetch64(s, at + 8), 37) * K1;
            y = Rotate(y + v.Second + Fetch64(s, at + 48), 42) * K1;
            x ^= w.Second;
            y += v.First + Fetch64(s, at + 40);
            z = Rotate(z + w.First, 33) * K1;
            v = WeakHashLen32WithSeeds(s, at, v.Second * K1, x + w.First);
            w = WeakHashLen32WithSeeds(s, at + 32, z + w.Second, y + Fetch64(s, at + 16));
            (z, x) = (x, z);
            at += 64;
        }
        while (at != end);

        var mul = K1 + ((z & 0xff) << 1);
        at = last64;
        w.First += (ulong)((s.Length - 1) & 63);
        v.First += w.First;
        w.First += v.First;
        x = Rotate(x + y + v.First + Fetch64(s, at + 8), 37) * mul;
        y = Rotate(y + v.Second + Fetch64(s, at + 48), 42) * mul;
        x ^= w.Second * 9;
        y += (v.First * 9) + Fetch64(s, at + 40);
        z = Rotate(z + w.First, 33) * mul;
        v = WeakHashLen32WithSeeds(s, at, v.Second * mul, x + w.First);
        w = WeakHashLen32WithSeeds(s, at + 32, z + w.Second, y + Fetch64(s, at + 16));
        (z, x) = (x, z);
        return HashLen16(HashLen16(v.First, w.First, mul) + (ShiftMix(y) * K0) + z, HashLen16(v.Second, w.Second, mul) + x, mul);
    }
}

using System.Text;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Kernels.Hashing;
using SealServe.TensorFlow.Tests.Translation;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;

namespace SealServe.TensorFlow.Tests.Kernels.Hashing;

/// <summary>
/// tf.strings.to_hash_bucket_fast (FarmHash Fingerprint64) and to_hash_bucket_strong (SipHash-2-4), bit for bit:
/// fingerprints frozen by TensorFlow's own tests, TensorFlow.js's port of Fingerprint64, the SipHash paper's vectors
/// and the examples of TensorFlow's documentation.
/// </summary>
public sealed class StringToHashBucketKernelTests
{
    /// <summary>
    /// Fingerprint64 of strings of every length class (0-16, 17-32, 33-64 bytes, then one and several 64-byte blocks):
    /// byte i of the string of length n is 'a' + 7i mod 26. Values computed by TensorFlow.js 4.22's <c>fingerPrint64</c>
    /// (tfjs-core hash_util, Google's port of FarmHash), whose own tests carry FarmHash's reference vectors.
    /// </summary>
    public static TheoryData<int, ulong> TensorFlowJsFingerprints => new()
    {
        { 0, 11160318154034397263 }, { 1, 12917804110809363939 }, { 2, 7334479770752477263 }, { 3, 3268219959478574187 },
        { 4, 8899178591127745170 }, { 5, 10853072327754618121 }, { 7, 17088493756539222794 }, { 8, 10643460534063147040 },
        { 9, 17221811645977154638 }, { 15, 11791221699636333675 }, { 16, 17624453864830929246 }, { 17, 2237273621417572890 },
        { 31, 626755416451493349 }, { 32, 10824083725960157628 }, { 33, 8045080651094301868 }, { 48, 14934853808105169872 },
        { 63, 17616674404211046101 }, { 64, 16149515108185634462 }, { 65, 2768067016444695309 }, { 100, 15524442050350733416 },
        { 127, 4960837163188540313 }, { 128, 10481128642166395277 }, { 129, 1060550032972533880 }, { 200, 15075557378531049012 },
    };

    [Theory]
    [MemberData(nameof(TensorFlowJsFingerprints))]
    public void Fingerprint64_MatchesTensorFlowJs(int length, ulong expected)
    {
        var text = Encoding.ASCII.GetBytes([.. Enumerable.Range(0, length).Select(i => (char)('a' + (i * 7 % 26)))]);

        Assert.Equal(expected, FarmHash.Fingerprint64(text));
    }

    [Fact]
    public void Fingerprint64_MatchesTensorFlowsFrozenValues()
    {
        // tensorflow/core/platform/fingerprint_test.cc, "IsForeverFrozen".
        Assert.Equal(15404698994557526151UL, FarmHash.Fingerprint64("Hello"u8));
        Assert.Equal(18308117990299812472UL, FarmHash.Fingerprint64("World"u8));
    }

    [Fact]
    public void SipHash24_MatchesThePapersVectors()
    {
        // Key 00 01 .. 0f, message 00 01 .. (n-1), from the SipHash paper and its reference implementation.
        var (key0, key1) = (0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL);
        var message = Enumerable.Range(0, 15).Select(i => (byte)i).ToArray();

        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash.Hash24(key0, key1, message.AsSpan(0, 0)));
        Assert.Equal(0x74f839c593dc67fdUL, SipHash.Hash24(key0, key1, message.AsSpan(0, 1)));
        Assert.Equal(0xcf2794e0277187b7UL, SipHash.Hash24(key0, key1, message.AsSpan(0, 4)));
        Assert.Equal(0x93f5f5799a932462UL, SipHash.Hash24(key0, key1, message.AsSpan(0, 8)));
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Hash24(key0, key1, message));
    }

    [Fact]
    public void StringToHashBucketFast_DocumentedExample()
    {
        // tf.strings.to_hash_bucket_fast(["Hello", "TensorFlow", "2.x"], 3) → [0, 2, 2]
        var graph = new TfGraphBuilder();
        graph.Op("StringToHashBucketFast", "y", [graph.Placeholder("x", DataType.String, -1)], ("num_buckets", TfGraphBuilder.Int(3)));

        var y = Run(graph, "y", 1, ("x:0", StringTensor("Hello", "TensorFlow", "2.x")))[0];

        Assert.Equal([0L, 2, 2], y.AsSpan<long>().ToArray());
    }

    [Fact]
    public void StringToHashBucketFast_LargeBucketCount_IsTheFingerprintModuloIt()
    {
        var graph = new TfGraphBuilder();
        graph.Op("StringToHashBucketFast", "y", [graph.Placeholder("x", DataType.String, -1)], ("num_buckets", TfGraphBuilder.Int(long.MaxValue)));

        var y = Run(graph, "y", 1, ("x:0", StringTensor("Hello")))[0];

        Assert.Equal([(long)(15404698994557526151UL % long.MaxValue)], y.AsSpan<long>().ToArray());
    }

    [Fact]
    public void StringToHashBucketStrong_DocumentedExample()
    {
        // tf.strings.to_hash_bucket_strong(["Hello", "TF"], 3, [1, 2]) → [2, 0]
        var graph = new TfGraphBuilder();
        graph.Op("StringToHashBucketStrong", "y", [graph.Placeholder("x", DataType.String, -1)], ("num_buckets", TfGraphBuilder.Int(3)), ("key", TfGraphBuilder.Ints(1, 2)));

        var y = Run(graph, "y", 1, ("x:0", StringTensor("Hello", "TF")))[0];

        Assert.Equal([2L, 0], y.AsSpan<long>().ToArray());
    }
}

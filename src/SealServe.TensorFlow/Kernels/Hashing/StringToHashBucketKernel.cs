using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Hashing;

/// <summary>
/// TensorFlow's <c>StringToHashBucketFast</c> (FarmHash Fingerprint64 of each string, modulo <c>num_buckets</c>) and
/// <c>StringToHashBucketStrong</c> (SipHash-2-4 keyed by the two words of <c>key</c>, modulo <c>num_buckets</c>), as
/// int64 bucket ids of the input's shape. Both hashes are bit-exact with TensorFlow's.
/// </summary>
[TfKernel("StringToHashBucketFast", "StringToHashBucketStrong", Notes = "Fast: FarmHash Fingerprint64; Strong: SipHash-2-4 with the key attribute; both bit-exact.")]
internal sealed class StringToHashBucketKernel : IHostKernel
{
    private readonly ulong buckets;
    private readonly Func<byte[], ulong> hash;

    private readonly KernelInputs nodeInputs;

    public StringToHashBucketKernel(KernelConstruction construction)
    {
        var node = construction.Node;
        var count = node.GetInt("num_buckets");
        if (count < 1)
        {
            throw construction.Error($"num_buckets must be at least 1, got {count}.");
        }

        buckets = (ulong)count;
        if (node.Op == "StringToHashBucketStrong")
        {
            var key = node.GetInts("key");
            if (key.Count != 2)
            {
                throw construction.Error($"Key must have 2 elements, got {key.Count}.");
            }

            var (key0, key1) = ((ulong)key[0], (ulong)key[1]);
            hash = s => SipHash.Hash24(key0, key1, s);
        }
        else
        {
            hash = s => FarmHash.Fingerprint64(s);
        }

        nodeInputs = new KernelInputs(construction, 1);
        construction.Output(DataType.Int64, KernelTensors.SameShape(construction, 0));
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var input = KernelTensors.Strings(inputs[0], "input");
        var output = new long[input.Count];
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (long)(hash(input[i]) % buckets);
        }

        return [KernelTensors.Of(inputs[0].Shape, output)];
    }
}

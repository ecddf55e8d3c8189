using System.Globalization;
using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Core.Hashing;
using SealServe.Core.Tensors;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// The variables of a SavedModel: <c>variables/variables.index</c> (a LevelDB table; key <c>""</c> holds the
/// BundleHeaderProto, every other key a BundleEntryProto) and its data shards
/// <c>variables/variables.data-0000N-of-0000M</c>. Each tensor's masked CRC32C is checked when it is read.
/// </summary>
/// <remarks>
/// Tensors returned by <see cref="Read"/> point into the shard buffers (no copy); disposing the reader zeroes
/// those buffers, since they hold plaintext of possibly sealed files.
/// </remarks>
public sealed class VariablesBundleReader : IDisposable
{
    public const string IndexPath = "variables/variables.index";

    private readonly ISavedModelFiles files;
    private readonly Dictionary<string, BundleEntryProto> entries;
    private readonly byte[]?[] shards;

    private VariablesBundleReader(ISavedModelFiles files, BundleHeaderProto header, Dictionary<string, BundleEntryProto> entries)
    {
        this.files = files;
        Header = header;
        this.entries = entries;
        shards = new byte[Math.Max(header.NumShards, 1)][];
    }

    public BundleHeaderProto Header { get; }

    /// <summary>Checkpoint keys (e.g. <c>a</c>, <c>layer/kernel/.ATTRIBUTES/VARIABLE_VALUE</c>).</summary>
    public IReadOnlyCollection<string> Keys => entries.Keys;

    /// <summary>Reads the index, or returns <see langword="null"/> when the SavedModel has no <c>variables.index</c>.</summary>
    /// <exception cref="ServingException">DATA_LOSS for a damaged index, NOT_FOUND for a missing data shard, UNIMPLEMENTED for big-endian bundles.</exception>
    public static VariablesBundleReader? Open(ISavedModelFiles files)
    {
        if (!files.Exists(IndexPath))
        {
            return null;
        }

        var table = files.ReadAll(IndexPath);
        try
        {
            var header = new BundleHeaderProto();
            var entries = new Dictionary<string, BundleEntryProto>(StringComparer.Ordinal);
            foreach (var (key, value) in LevelDbTable.ReadAll(table, IndexPath))
            {
                if (key.Length == 0)
                {
                    header = Parse(BundleHeaderProto.Parser, value, "the bundle header");
                }
                else
                {
                    entries[key] = Parse(BundleEntryProto.Parser, value, $"the entry of '{key}'");
                }
            }

            if (header.Endianness != BundleHeaderProto.Types.Endianness.Little)
            {
                throw ServingException.Unimplemented($"{IndexPath}: big-endian checkpoints are not supported.");
            }

            var reader = new VariablesBundleReader(files, header, entries);
            reader.CheckShardsExist();
            return reader;
        }
        finally
        {
            Array.Clear(table);
        }
    }

    public bool Contains(string key) => entries.ContainsKey(key);

    /// <summary>The value stored under <paramref name="key"/>, after checking its CRC32C.</summary>
    public Tensor Read(string key)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            throw ServingException.NotFound($"{IndexPath} has no entry '{key}'.");
        }

        if (entry.Slices.Count > 0)
        {
            throw ServingException.Unimplemented($"{IndexPath}: variable '{key}' is saved in slices (a partitioned variable), which is not supported.");
        }

        var shardPath = ShardPath(entry.ShardId);
        var shard = Shard(entry.ShardId);
        if (entry.Offset < 0 || entry.Size < 0 || entry.Offset + entry.Size > shard.Length)
        {
            throw new ServingException(StatusCode.DataLoss, $"{shardPath} is corrupt: variable '{key}' lies at bytes {entry.Offset}..{entry.Offset + entry.Size} but the file has {shard.Length} (truncated?).");
        }

        var bytes = shard.AsMemory((int)entry.Offset, (int)entry.Size);
        var tensor = BundleTensor.Decode(key, (DataType)(int)entry.Dtype, ShapeOf(entry.Shape), bytes, shardPath);
        var crc = tensor.IsString ? BundleTensor.StringChecksum(tensor, bytes.Span) : Crc32C.ComputeMasked(bytes.Span);
        if (crc != entry.Crc32C)
        {
            throw new ServingException(StatusCode.DataLoss, $"{shardPath} is corrupt: checksum mismatch for variable '{key}' (stored 0x{entry.Crc32C:x8}, computed 0x{crc:x8}).");
        }

        return tensor;
    }

    public void Dispose()
    {
        for (var i = 0; i < shards.Length; i++)
        {
            if (shards[i] is { } shard)
            {
                Array.Clear(shard);
                shards[i] = null;
            }
        }
    }

    private static T Parse<T>(MessageParser<T> parser, byte[] bytes, string what)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException)
        {
            throw new ServingException(StatusCode.DataLoss, $"{IndexPath} is corrupt: cannot parse {what} ({e.Message}).", e);
        }
    }

    private static TensorShape ShapeOf(TensorShapeProto? proto)
    {
        if (proto is null)
        {
            return TensorShape.Scalar;
        }

        var dims = new long[proto.Dim.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = proto.Dim[i].Size;
        }

        return new TensorShape(dims);
    }

    private string ShardPath(int shardId) =>
        string.Create(CultureInfo.InvariantCulture, $"variables/variables.data-{shardId:D5}-of-{shards.Length:D5}");

    /// <summary>TensorFlow fails a restore when a shard is missing, so a load fails here too rather than at the first request.</summary>
    private void CheckShardsExist()
    {
        foreach (var shardId in entries.Values.Select(e => e.ShardId).Distinct())
        {
            if (shardId < 0 || shardId >= shards.Length)
            {
                throw new ServingException(StatusCode.DataLoss, $"{IndexPath} is corrupt: an entry names data shard {shardId} of {shards.Length}.");
            }

            if (!files.Exists(ShardPath(shardId)))
            {
                var user = entries.First(e => e.Value.ShardId == shardId).Key;
                throw ServingException.NotFound($"Data shard {ShardPath(shardId)} is missing (it holds variable '{user}' and others); the variables cannot be restored.");
            }
        }
    }

    private byte[] Shard(int shardId) => shards[shardId] ??= files.ReadAll(ShardPath(shardId));
}

using System.Buffers.Binary;
using System.Text;
using Grpc.Core;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;
using SealServe.TestKit;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>
/// A running server meets altered sealed versions: each case drops a tampered version 2 next to a good sealed
/// version 1. The load of version 2 must fail with its reason and file in model status, version 1 and the other
/// models must keep serving, and nothing of version 2 may be served.
/// </summary>
public sealed class SealedTamperTests(SealedTamperTests.ServerFixture fixture) : IClassFixture<SealedTamperTests.ServerFixture>
{
    private const int ChunkSize = 64;

    public static TheoryData<string> Cases() => [.. ServerFixture.Victims];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Load_TamperedVersion_FailsWithItsReasonWhileEverythingElseServes(string tamperCase)
    {
        var server = await fixture.GetAsync();
        var repository = fixture.Repository(tamperCase);
        var (staged, file, reason, code) = Prepare(tamperCase);

        Directory.Move(staged, Path.Combine(repository.BasePath, "2"));
        var status = await ScalarModelCalls.WaitForStateAsync(server, tamperCase, 2, ModelVersionStatus.Types.State.End);

        Assert.Equal(code, status.Status.ErrorCode);
        Assert.StartsWith(Path.Combine(repository.BasePath, "2", file) + ": ", status.Status.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(reason, status.Status.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1f + 1f, await ScalarModelCalls.PredictAsync(server, tamperCase, version: null));
        Assert.Equal(0.5f + 2f, await ScalarModelCalls.PredictAsync(server, "good", version: null));
        var version1 = await server.Models.GetModelStatusAsync(new GetModelStatusRequest { ModelSpec = new ModelSpec { Name = tamperCase, Version = 1 } });
        Assert.Equal(ModelVersionStatus.Types.State.Available, Assert.Single(version1.ModelVersionStatus).State);
        var error = await Assert.ThrowsAsync<RpcException>(() => ScalarModelCalls.PredictAsync(server, tamperCase, version: 2));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, error.StatusCode);
    }

    /// <summary>
    /// Version 2 (y = x + 2) sealed and then altered; returns its staging folder, the file named in the error, the
    /// reason expected and the status code. What concerns the whole version (where it was sealed for, its key,
    /// its expiry) is found on its sealed manifest, which is read first.
    /// </summary>
    private (string Staged, string File, string Reason, Tensorflow.Error.Code Code) Prepare(string tamperCase)
    {
        const string Manifest = "sealserve.manifest";
        var model = TestModels.AffineModel(tamperCase, 1f, 2f);
        var keys = fixture.Keys;
        switch (tamperCase)
        {
            case "moved_version":
                return (keys.Stage("model", "1", model, ChunkSize), Manifest, "sealed for 'model/1/sealserve.manifest' but found at 'model/2/sealserve.manifest'", Tensorflow.Error.Code.FailedPrecondition);
            case "moved_model":
                return (keys.Stage("other_model", "2", model, ChunkSize), Manifest, "sealed for 'other_model/2/sealserve.manifest' but found at 'model/2/sealserve.manifest'", Tensorflow.Error.Code.FailedPrecondition);
            case "wrong_key":
                using (var other = KeyEncryptionKey.Generate())
                {
                    return (keys.Stage("model", "2", model, ChunkSize, other), Manifest, $"sealed with key {other.Id}, which is not among the configured keys ({keys.Key.Id}): wrong key", Tensorflow.Error.Code.PermissionDenied);
                }

            case "expired":
                return (keys.Stage("model", "2", model, ChunkSize, notAfter: DateTimeOffset.UtcNow.AddMinutes(-1)), Manifest, "expired: sealed to be served until", Tensorflow.Error.Code.FailedPrecondition);
        }

        var staged = keys.Stage("model", "2", model, ChunkSize);
        var path = Path.Combine(staged, "model.onnx");
        var bytes = File.ReadAllBytes(path);
        var header = SealedFileHeader.Read(new MemoryStream(bytes), path);
        var chunks = header.Binding.ChunkCount;
        Assert.True(chunks >= 3, $"the test model must make at least 3 chunks, not {chunks}");
        int Chunk(long index) => header.EncodedSize + (int)(index * (ChunkSize + SealedFormat.TagSize));
        (bytes, var reason) = tamperCase switch
        {
            "header_bit" => (Flip(bytes, header.EncodedSize - 3), "sealed-file header failed authentication"),
            "magic_bit" => (Flip(bytes, 4), "damaged sealed-file header"),
            "middle_chunk_bit" => (Flip(bytes, Chunk(1) + 10), $"chunk 1 of {chunks} failed authentication"),
            "last_chunk_bit" => (Flip(bytes, Chunk(chunks - 1) + 1), $"chunk {chunks - 1} of {chunks} failed authentication"),
            "truncated" => (bytes[..^5], "truncated: 5 byte(s) of sealed data are missing"),
            "appended" => ([.. bytes, .. Encoding.ASCII.GetBytes("0123456789")], "10 unexpected byte(s) after the last sealed chunk"),
            "swapped_chunks" => (Swap(bytes, Chunk(0), Chunk(1), ChunkSize + SealedFormat.TagSize), $"chunk 0 of {chunks} failed authentication"),
            "length_edited" => (WithLength(bytes, header), "sealed-file header failed authentication"),
            _ => throw new ArgumentOutOfRangeException(nameof(tamperCase), tamperCase, null),
        };
        File.WriteAllBytes(path, bytes);
        return (staged, "model.onnx", reason, Tensorflow.Error.Code.DataLoss);
    }

    private static byte[] Flip(byte[] bytes, int offset)
    {
        bytes[offset] ^= 0x01;
        return bytes;
    }

    private static byte[] Swap(byte[] bytes, int first, int second, int length)
    {
        var copy = bytes.ToArray();
        bytes.AsSpan(first, length).CopyTo(copy.AsSpan(second));
        bytes.AsSpan(second, length).CopyTo(copy.AsSpan(first));
        return copy;
    }

    /// <summary>Claims one chunk less and drops it: consistent sizes, but the header no longer authenticates.</summary>
    private static byte[] WithLength(byte[] bytes, SealedFileHeader header)
    {
        var lengthOffset = header.EncodedSize - Encoding.UTF8.GetByteCount(header.Binding.BoundPath) - 2 - 8 - 8;
        var shorter = header.Binding.PlaintextLength - header.Binding.LastChunkLength;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(lengthOffset), shorter);
        return bytes[..^(header.Binding.LastChunkLength + SealedFormat.TagSize)];
    }

    /// <summary>One server: a good sealed model, and per tamper case a model whose sealed version 1 (y = x + 1) serves.</summary>
    public sealed class ServerFixture : IAsyncDisposable
    {
        public static readonly string[] Victims =
        [
            "header_bit", "magic_bit", "middle_chunk_bit", "last_chunk_bit", "truncated", "appended", "swapped_chunks",
            "length_edited", "moved_version", "moved_model", "wrong_key", "expired",
        ];

        private readonly Dictionary<string, TempModelRepository> repositories = [];
        private readonly Lazy<Task<TestServer>> server;

        public ServerFixture() => server = new(() => TestServer.StartAsync(
            Victims.Select(v => Sealed(v, TestModels.AffineModel(v, 1f, 1f))).Append(Sealed("good", TestModels.HalfPlusTwo())).ToArray(),
            configureServices: Keys.Configure));

        internal TestKeys Keys { get; } = new();

        public TempModelRepository Repository(string model) => repositories[model];

        public Task<TestServer> GetAsync() => server.Value;

        public async ValueTask DisposeAsync()
        {
            if (server.IsValueCreated)
            {
                await (await server.Value).DisposeAsync();
            }

            foreach (var repository in repositories.Values)
            {
                repository.Dispose();
            }

            Keys.Dispose();
        }

        private ModelConfig Sealed(string name, byte[] model)
        {
            var repository = new TempModelRepository();
            repositories[name] = repository;
            Keys.Seal(repository.AddVersion("1", model), ChunkSize);
            return ModelConfig.Create(name, repository.BasePath);
        }
    }
}

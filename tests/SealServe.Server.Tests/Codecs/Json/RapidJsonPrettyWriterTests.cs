using System.Buffers;
using System.Text;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Tests.Codecs.Json;

public sealed class RapidJsonPrettyWriterTests
{
    [Fact]
    public void Write_EmptyContainers_PrintedCompact()
    {
        var text = Write((ref RapidJsonPrettyWriter w) =>
        {
            w.StartObject();
            w.Key("a"u8);
            w.StartArray();
            w.EndArray();
            w.Key("b"u8);
            w.StartObject();
            w.EndObject();
            w.EndObject();
        });

        Assert.Equal("{\n    \"a\": [],\n    \"b\": {}\n}", text);
    }

    [Fact]
    public void Write_SingleLineArraysWithObjectInside_ObjectStillMultiLine()
    {
        var text = Write((ref RapidJsonPrettyWriter w) =>
        {
            w.SingleLineArrays = true;
            w.StartArray();
            w.Int64(1);
            w.StartObject();
            w.Key("k"u8);
            w.Null();
            w.EndObject();
            w.EndArray();
        });

        Assert.Equal("[1, {\n        \"k\": null\n    }]", text);
    }

    [Fact]
    public void Write_DeeperThanLevelStorage_GrowsIntoPooledStack()
    {
        var text = Write(
            (ref RapidJsonPrettyWriter w) =>
            {
                for (var i = 0; i < 100; i++)
                {
                    w.StartArray();
                }

                for (var i = 0; i < 100; i++)
                {
                    w.EndArray();
                }
            },
            singleLine: true);

        Assert.Equal(new string('[', 100) + new string(']', 100), text);
    }

    [Fact]
    public void Write_OutputGivingTinySpans_ChunksCorrectly()
    {
        var output = new TinySpanWriter();
        Span<int> levels = stackalloc int[4];
        var writer = new RapidJsonPrettyWriter(output, levels, escapeInvalidUtf8: true);
        var longText = new string('x', 10_000) + "\"\n";

        writer.StartArray();
        writer.String(Encoding.UTF8.GetBytes(longText));
        writer.Base64String(new byte[5000]);
        writer.Double(0.1);
        writer.EndArray();
        writer.Flush();
        writer.Dispose();

        var expected = "[\n    \"" + new string('x', 10_000) + "\\\"\\n\",\n    \"" + Convert.ToBase64String(new byte[5000]) + "\",\n    0.1\n]";
        Assert.Equal(expected, Encoding.UTF8.GetString(output.Written.ToArray()));
    }

    [Fact]
    public void Write_BytesWritten_CountsFlushedAndBuffered()
    {
        var output = new ArrayBufferWriter<byte>();
        Span<int> levels = stackalloc int[4];
        var writer = new RapidJsonPrettyWriter(output, levels, escapeInvalidUtf8: false);

        writer.StartArray();
        writer.Bool(true);
        var beforeFlush = writer.BytesWritten;
        writer.Flush();

        Assert.Equal(10, beforeFlush);
        Assert.Equal(10, writer.BytesWritten);
        Assert.Equal("[\n    true", Encoding.UTF8.GetString(output.WrittenSpan));
        writer.Dispose();
    }

    private delegate void WriteAction(ref RapidJsonPrettyWriter writer);

    private static string Write(WriteAction action, bool singleLine = false)
    {
        var output = new ArrayBufferWriter<byte>();
        Span<int> levels = stackalloc int[4];
        var writer = new RapidJsonPrettyWriter(output, levels, escapeInvalidUtf8: true) { SingleLineArrays = singleLine };
        action(ref writer);
        writer.Flush();
        writer.Dispose();
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>An output that hands out exactly what was asked (at least 1 byte), to exercise chunk boundaries.</summary>
    private sealed class TinySpanWriter : IBufferWriter<byte>
    {
        private readonly List<byte> written = [];
        private byte[] current = [];

        public IReadOnlyList<byte> Written => written;

        public void Advance(int count) => written.AddRange(current.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0) => current = new byte[Math.Max(1, sizeHint)];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}

using Google.Protobuf;

namespace SealServe.Protos.Tests;

/// <summary>Parses a real file and proves our schema accounts for every byte of it.</summary>
internal static class ExactParse
{
    public static T File<T>(MessageParser<T> parser, string path)
        where T : IMessage<T> =>
        Bytes(parser, System.IO.File.ReadAllBytes(path), Path.GetFileName(path));

    public static T Bytes<T>(MessageParser<T> parser, byte[] bytes, string name)
        where T : IMessage<T>
    {
        var message = parser.ParseFrom(bytes);

        // Nothing parked in unknown fields, no enum number we lack.
        var problems = MessageTree.FindUnaccountedData(message);
        Assert.True(problems.Count == 0, $"{name}: {string.Join("; ", problems.Take(20))}");

        // Independently of the walk above: writing back only the fields our schema knows, encoded
        // as the C++ runtime does, gives the file again, byte for byte. Some TensorFlow writers
        // (TF2 MetaGraphDef, fingerprint.pb) do not put fields in number order, so the file's
        // fields are put in that order first.
        var reencoded = CppStyleEncoding.Encode(message);
        Assert.True(reencoded.Length == bytes.Length, $"{name}: {bytes.Length} bytes in the file, {reencoded.Length} re-encoded from known fields");
        var sorted = CppStyleEncoding.SortFieldsByNumber(bytes, message.Descriptor);
        Assert.True(reencoded.AsSpan().SequenceEqual(sorted), $"{name}: re-encoded bytes differ from the file");

        return message;
    }

    /// <summary>
    /// Google.Protobuf's own writer reproduces the file. Holds only when the writer used number
    /// order and no map entry has a default key or value (C# leaves those out, C++ writes them).
    /// </summary>
    public static void AssertGoogleProtobufWritesSameBytes(IMessage message, byte[] bytes)
    {
        Assert.Equal(bytes.Length, message.CalculateSize());
        Assert.True(message.ToByteArray().AsSpan().SequenceEqual(bytes), "re-serialized bytes differ from the file");
    }
}

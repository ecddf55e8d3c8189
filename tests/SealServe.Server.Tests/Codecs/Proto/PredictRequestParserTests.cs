using System.Buffers;
using Google.Protobuf;
using SealServe.Server.Codecs.Proto;
using SealServe.TestKit;
using Tensorflow;
using Tensorflow.Serving;

namespace SealServe.Server.Tests.Codecs.Proto;

public sealed class PredictRequestParserTests
{
    [Fact]
    public void Parse_LargeTensorContentInSegments_SameRequestAsGoogleProtobufWithPooledContent()
    {
        var request = Request(("images", Content(600_000, seed: 3)), ("scale", new TensorProto { Dtype = DataType.DtFloat, FloatVal = { 0.5f } }));
        request.OutputFilter.Add("scores");

        var parsed = PredictRequestParser.Parse(SegmentedBytes.Of(request.ToByteArray(), 4096));

        Assert.Equal(PredictRequest.Parser.ParseFrom(request.ToByteArray()), parsed);
        PredictRequestParser.ReturnBuffers(parsed);
        Assert.True(parsed.Inputs["images"].TensorContent.IsEmpty);
        Assert.Equal(0.5f, Assert.Single(parsed.Inputs["scale"].FloatVal));
    }

    [Fact]
    public void Parse_SmallMessage_GoogleProtobufsOwnParse()
    {
        var request = Request(("x", Content(64, seed: 1)));

        var parsed = PredictRequestParser.Parse(new ReadOnlySequence<byte>(request.ToByteArray()));
        PredictRequestParser.ReturnBuffers(parsed);

        Assert.Equal(request, parsed);
    }

    [Fact]
    public void TryParsePooled_RepeatedKeysAndContents_LastWinsAsInGoogleProtobuf()
    {
        var first = Request(("x", Content(100_000, seed: 1)), ("y", Content(10, seed: 2))).ToByteArray();
        var second = Request(("x", Content(80_000, seed: 5))).ToByteArray();

        // tensor_content twice inside one tensor: the later one counts.
        var twice = new TensorProto { Dtype = DataType.DtUint8, TensorContent = ByteString.CopyFrom(new byte[70_000]) }.ToByteArray()
            .Concat(new TensorProto { TensorContent = Content(90_000, seed: 9).TensorContent }.ToByteArray()).ToArray();
        var third = Entry("z", twice);
        var message = first.Concat(second).Concat(third).ToArray();

        var parsed = PredictRequestParser.TryParsePooled(SegmentedBytes.Of(message, 1000));

        Assert.NotNull(parsed);
        Assert.Equal(PredictRequest.Parser.ParseFrom(message), parsed);
        PredictRequestParser.ReturnBuffers(parsed);
    }

    [Fact]
    public void Parse_TruncatedLargeMessage_GoogleProtobufsError()
    {
        var bytes = Request(("x", Content(100_000, seed: 1))).ToByteArray()[..^10];

        var expected = Assert.Throws<InvalidProtocolBufferException>(() => PredictRequest.Parser.ParseFrom(bytes));
        var thrown = Assert.Throws<InvalidProtocolBufferException>(() => PredictRequestParser.Parse(SegmentedBytes.Of(bytes, 4096)));

        Assert.Equal(expected.Message, thrown.Message);
    }

    [Fact]
    public void TryParsePooled_MapEntryWithoutValue_LeftToGoogleProtobuf()
    {
        var entry = new byte[] { (2 << 3) | 2, 3, (1 << 3) | 2, 1, (byte)'x' };

        Assert.Null(PredictRequestParser.TryParsePooled(new ReadOnlySequence<byte>(entry)));
    }

    private static PredictRequest Request(params (string Alias, TensorProto Tensor)[] inputs)
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "m", SignatureName = "serving_default" } };
        foreach (var (alias, tensor) in inputs)
        {
            request.Inputs[alias] = tensor;
        }

        return request;
    }

    private static TensorProto Content(int bytes, int seed)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        return new TensorProto
        {
            Dtype = DataType.DtUint8,
            TensorShape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = bytes } } },
            TensorContent = ByteString.CopyFrom(data),
        };
    }

    /// <summary>A PredictRequest holding one inputs entry whose value is <paramref name="tensor"/>'s bytes as they are.</summary>
    private static byte[] Entry(string key, byte[] tensor)
    {
        var entry = new MemoryStream();
        var output = new CodedOutputStream(entry);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString(key);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(tensor));
        output.Flush();

        var message = new MemoryStream();
        var outer = new CodedOutputStream(message);
        outer.WriteTag(2, WireFormat.WireType.LengthDelimited);
        outer.WriteBytes(ByteString.CopyFrom(entry.ToArray()));
        outer.Flush();
        return message.ToArray();
    }
}

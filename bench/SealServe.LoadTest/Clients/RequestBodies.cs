using System.Buffers.Binary;
using Google.Protobuf;
using Tensorflow.Serving;

namespace SealServe.LoadTest.Clients;

/// <summary>A model's request bodies, in memory for the .NET clients and as files for wrk and h2load (the gRPC one framed).</summary>
internal sealed class RequestBodies
{
    public RequestBodies(string folder, byte[] json, PredictRequest grpc)
    {
        Folder = folder;
        Json = json;
        Grpc = grpc;
        JsonFile = Path.Combine(folder, "request.json");
        GrpcFile = Path.Combine(folder, "request.grpc");
        File.WriteAllBytes(JsonFile, json);

        // A gRPC message on the wire: uncompressed flag, big-endian length, the message.
        var message = grpc.ToByteArray();
        var framed = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        File.WriteAllBytes(GrpcFile, framed);
    }

    public string Folder { get; }

    public byte[] Json { get; }

    public PredictRequest Grpc { get; }

    public string JsonFile { get; }

    public string GrpcFile { get; }
}

using Google.Protobuf;
using SealServe.TensorFlow.SavedModel;

namespace SealServe.Fuzz.Targets;

/// <summary>A frozen GraphDef (<c>sealserve convert</c>): parse, then its inputs and outputs.</summary>
internal sealed class FrozenGraphTarget : IFuzzTarget
{
    public string Name => "frozen-graph";

    public void Run(ReadOnlySpan<byte> input)
    {
        var graph = FrozenGraphReader.Read(input.ToArray(), "fuzz.pb");
        _ = FrozenGraphReader.Inputs(graph);
        _ = FrozenGraphReader.Outputs(graph);
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds() => [("identity", TfGraphs.Identity().ToByteArray())];
}

using SealServe.TensorFlow.SavedModel;

namespace SealServe.Fuzz.Targets;

/// <summary><c>saved_model.pb</c>: parse, MetaGraph selection, signatures, restore wiring, state analysis, signature grouping.</summary>
internal sealed class SavedModelTarget : IFuzzTarget
{
    public string Name => "saved-model";

    public void Run(ReadOnlySpan<byte> input)
    {
        var files = new MemoryFiles(new Dictionary<string, byte[]> { [SavedModelReader.FileName] = input.ToArray() });
        using var bundle = SavedModelReader.Read(files, SavedModelReader.DefaultTags, "fuzz");
        _ = StatefulSignatures.Analyze(bundle.MetaGraph);
        _ = SignatureGrouping.Group(bundle.MetaGraph);
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds() =>
        [("identity", TfGraphs.SavedModel(TfGraphs.Identity())), ("variable", TfGraphs.SavedModel(TfGraphs.Scaled()))];
}

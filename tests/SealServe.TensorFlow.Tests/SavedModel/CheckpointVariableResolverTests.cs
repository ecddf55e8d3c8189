using SealServe.Core.Errors;
using SealServe.TensorFlow.SavedModel;
using Tensorflow;

namespace SealServe.TensorFlow.Tests.SavedModel;

/// <summary>Variables resolved through the SavedModel's restore op: TF1 Assign wiring and TF2 traced_restore functions.</summary>
public sealed class CheckpointVariableResolverTests
{
    [Theory]
    [InlineData("a", 0.5f)]
    [InlineData("b", 2f)]
    [InlineData("c", 3f)]
    public void Resolve_Tf2VarHandleOp_FollowsTheRestoreFunctionToItsKey(string variable, float expected)
    {
        using var bundle = Read(TfCorpus.HalfPlusTwoTf2);

        var value = bundle.Variables.Resolve(Node(bundle, variable));

        Assert.Equal(expected, value.AsSpan<float>()[0]);
    }

    [Fact]
    public void Resolve_Tf1VariableV2_FollowsTheAssignWiring()
    {
        using var bundle = Read(TfCorpus.HalfPlusTwo);

        Assert.Equal(0.5f, bundle.Variables.Resolve(Node(bundle, "a")).AsSpan<float>()[0]);
    }

    [Fact]
    public void Resolve_Tf2ModuleWithObjectGraphKeys_GivesTheConvKernel()
    {
        using var bundle = Read(TfCorpus.Tf("SciSharp__TensorFlow.NET__leak_testmodel"));
        var kernels = bundle.MetaGraph.GraphDef.Node.Where(n => n.Op == "VarHandleOp").Select(n => bundle.Variables.Resolve(n)).ToArray();

        Assert.Contains(kernels, k => k.Shape.ToArray().SequenceEqual([3L, 2L, 16L]));
        Assert.Contains(kernels, k => k.Shape.ToArray().SequenceEqual([16L]));
    }

    [Theory]
    [InlineData("dense/bias", "bias0.npy")]
    [InlineData("dense_1/kernel", "kernel1.npy")]
    public void Resolve_KerasModel_MatchesTheReferenceWeights(string variable, string reference)
    {
        var folder = TfCorpus.Tf("SciSharp__TensorFlow.NET__keras_simple_auto_compile");
        using var bundle = Read(folder);

        var value = bundle.Variables.Resolve(Node(bundle, variable));

        var (shape, expected) = Npy.ReadFloats(Path.Combine(folder, "..", "_reference", reference));
        Assert.Equal(shape, value.Shape.ToArray());
        Assert.Equal(expected, value.AsSpan<float>().ToArray());
    }

    [Fact]
    public void Resolve_VariableTheRestoreOpDoesNotRestore_FailsNamingIt()
    {
        using var bundle = Read(TfCorpus.HalfPlusTwoTf2);

        // "Variable" holds the asset path; the init op assigns it, the checkpoint does not.
        var error = Assert.Throws<ServingException>(() => bundle.Variables.Resolve(Node(bundle, "Variable")));

        Assert.Contains("Variable 'Variable' (VarHandleOp) has no value: the SavedModel's restore op does not restore it", error.Message, StringComparison.Ordinal);
    }

    private static SavedModelBundle Read(string folder) => SavedModelReader.Read(new DirectorySavedModelFiles(folder), SavedModelReader.DefaultTags, folder);

    private static NodeDef Node(SavedModelBundle bundle, string name) => bundle.MetaGraph.GraphDef.Node.Single(n => n.Name == name);
}

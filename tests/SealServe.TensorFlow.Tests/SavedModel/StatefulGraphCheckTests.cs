using SealServe.Core.Errors;
using SealServe.TensorFlow.SavedModel;

namespace SealServe.TensorFlow.Tests.SavedModel;

public sealed class StatefulGraphCheckTests
{
    [Fact]
    public void ThrowIfStateful_Counter_RejectsNamingSignatureOpAndNode()
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(TfCorpus.Counter), SavedModelReader.DefaultTags, "dir");

        var error = Assert.Throws<ServingException>(() => StatefulGraphCheck.ThrowIfStateful(bundle.MetaGraph, "counter"));

        Assert.Equal(StatusCode.Unimplemented, error.Code);
        Assert.Contains("Model counter: signature 'incr_counter' changes variable state (AssignAdd at node 'incr_counter_op/AssignAdd')", error.Message, StringComparison.Ordinal);
        Assert.Contains("stateful models are not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tfserving/saved_model_half_plus_two_cpu/00000123")]
    [InlineData("tfserving/saved_model_half_plus_two_tf2_cpu/00000123")]
    [InlineData("tf/SciSharp__TensorFlow.NET__keras_simple_auto_compile/1")]
    [InlineData("tf/iteam1__predict-series-data-with-RNN__keras_lstm/1")]
    public void ThrowIfStateful_InferenceOnlyModels_Accepts(string folder)
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(SealServe.TestKit.Corpus.Require(folder)), SavedModelReader.DefaultTags, "dir");

        StatefulGraphCheck.ThrowIfStateful(bundle.MetaGraph, "m");
    }
}

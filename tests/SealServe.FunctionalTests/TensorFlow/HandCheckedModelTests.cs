using System.Text.Json;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// Corpus models TensorFlow.js cannot compute a reference for (it lacks an op), served by a real server and checked
/// against values worked out by hand from TensorFlow's op documentation.
/// </summary>
public sealed class HandCheckedModelTests
{
    /// <summary>
    /// <c>Original_A = Reshape(A, [-1, 2])</c> is A; <c>Joined_Splited_Text = Reshape(ReduceJoin(StringSplit(B, "/").values,
    /// axis 0, separator " "), [-1, 1])</c>: StringSplit splits each string of B at '/', its values are every token in order,
    /// and ReduceJoin over axis 0 joins all of them with spaces into one string. The inputs are those of ML.NET's test
    /// that made the model.
    /// </summary>
    [Fact]
    public async Task ModelStringTest_SplitsAndJoinsAsTensorFlowDocuments()
    {
        var outputs = await PredictAsync("tf/dotnet__machinelearning-testdata__model_string_test", """
            {"inputs": {"A": [["This is fine.", "That's ok."]], "B": ["Thank/you/very/much!.", "I/am/grateful/to/you.", "So/nice/of/you."]}}
            """);
        var originalA = outputs.GetProperty("Original_A");
        var joined = outputs.GetProperty("Joined_Splited_Text");

        Assert.Equal(1, originalA.GetArrayLength());
        Assert.Equal(["This is fine.", "That's ok."], originalA[0].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, joined.GetArrayLength());
        Assert.Equal(["Thank you very much!. I am grateful to you. So nice of you."], joined[0].EnumerateArray().Select(e => e.GetString()));
    }

    /// <summary><c>string_merge = Add(input1, input2)</c>: TensorFlow's Add on strings concatenates them.</summary>
    [Fact]
    public async Task ModelPrimitiveInputTest_AddOnStringsConcatenates()
    {
        var outputs = await PredictAsync("tf/dotnet__machinelearning-testdata__model_primitive_input_test", """{"inputs": {"input1": "seal", "input2": "serve"}}""");

        Assert.Equal("sealserve", outputs.GetString());
    }

    private static async Task<JsonElement> PredictAsync(string model, string request)
    {
        var name = Path.GetFileName(model);
        using var repository = new TempModelRepository();
        await using var server = await TestServer.StartAsync([ReferenceModelTests.Serve(name, Corpus.Require(model), repository)]);
        var body = await TfServingModelsTests.PostAsync(server, $"/v1/models/{name}:predict", request);
        return JsonDocument.Parse(body).RootElement.GetProperty("outputs").Clone();
    }
}

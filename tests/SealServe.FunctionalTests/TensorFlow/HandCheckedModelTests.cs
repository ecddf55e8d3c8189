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

    /// <summary>
    /// tf.Transform's preprocessing of the Chicago taxi data, TF2 export: each feature a sparse [batch, 1] tensor
    /// (indices, values, dense_shape: inputs, inputs_1, inputs_2 for the first feature in name order...). Worked out from
    /// tf.Transform's documented analyzers and the constants and vocabularies in the model:
    /// compute_and_apply_vocabulary is the line number of the value in its vocabulary asset (a table filled by
    /// InitializeTableFromTextFileV2: whole line → line number), an unknown value size + FarmHash64(value) mod 10, so in
    /// [150, 160) for the 150 companies; scale_to_z_score is (x − mean) / √variance with the analyzers' mean and variance
    /// (fare 12.83364 / 2147.5969, trip_miles 3.116010 / 199.57024, trip_seconds 762.95837 / 1148831.6); bucketize counts
    /// the quantile boundaries at or below x (pickup_latitude: 41.85935, 41.87925, 41.88099, 41.88530, 41.89207, 41.89503,
    /// 41.90026, 41.92269, 41.96581); tips_xf is 1 when tips exceed 20% of the fare; integer features pass through.
    /// </summary>
    [Fact]
    public async Task TftTf2Transform_VocabulariesZScoresAndBucketsAsTfTransformDocuments()
    {
        var features = TaxiTripFeatures.TwoTrips;
        var inputs = new Dictionary<string, object>();
        for (var i = 0; i < features.Count; i++)
        {
            string Alias(int k) => k == 0 ? "inputs" : $"inputs_{k}";
            inputs[Alias(3 * i)] = new[] { new[] { 0, 0 }, new[] { 1, 0 } };
            inputs[Alias((3 * i) + 1)] = features[i].Values;
            inputs[Alias((3 * i) + 2)] = new[] { 2, 1 };
        }

        var outputs = await PredictAsync("tf/tensorflow__tfx__tft_tf2_transform", JsonSerializer.Serialize(new { inputs }));

        long[] Longs(string name) => [.. outputs.GetProperty(name).EnumerateArray().Select(e => e.GetInt64())];
        double[] Doubles(string name) => [.. outputs.GetProperty(name).EnumerateArray().Select(e => e.GetDouble())];
        var company = Longs("company_xf");
        Assert.Equal(1, company[0]);
        Assert.InRange(company[1], 150, 159);
        Assert.Equal([1L, 2L], Longs("payment_type_xf"));
        AssertClose([(9.25 - 12.83364) / Math.Sqrt(2147.5969), (30.5 - 12.83364) / Math.Sqrt(2147.5969)], Doubles("fare_xf"));
        AssertClose([(1.3 - 3.116010) / Math.Sqrt(199.57024), (12.0 - 3.116010) / Math.Sqrt(199.57024)], Doubles("trip_miles_xf"));
        AssertClose([(540 - 762.95837) / Math.Sqrt(1148831.6), (1800 - 762.95837) / Math.Sqrt(1148831.6)], Doubles("trip_seconds_xf"));
        Assert.Equal([3L, 6L], Longs("pickup_latitude_xf"));
        Assert.Equal([0L, 0L], Longs("tips_xf"));
        Assert.Equal([8L, 32L], Longs("dropoff_community_area_xf"));
        Assert.Equal([10L, 23L], Longs("trip_start_hour_xf"));
    }

    /// <summary>
    /// The TFX taxi estimator (tf.Transform layer with vocabulary tables, then a wide-and-deep binary classifier) fed
    /// serialized tf.Examples. The expected logits are TensorFlow.js 4.22's (CPU kernels, through
    /// ../shared/tools/tfjs-oracle on the `predict` signature with these four examples fed), with the two ops TF.js lacks
    /// supplied as data-only custom ops in the oracle's style: ParseExampleV2 (its dense-only custom op extended to sparse
    /// features: indices [example, position], values, shape [batch, longest]) and AsString (an integer as decimal text,
    /// the op's default attributes). All arithmetic (lookups, hashing, sparse segment sums, the network) is TF.js's.
    /// The head's documented relations are checked too: logistic = sigmoid(logits), probabilities = [1 − logistic,
    /// logistic], class_ids = argmax, classes = the class id as text, all_classes = ["0", "1"].
    /// </summary>
    [Fact]
    public async Task EstimatorTaxiServing_MatchesTensorFlowJsAndHeadOutputsAgree()
    {
        static string Example(string company, string payment, float fare, float miles, long seconds, long hour, long? pickupArea = null, long? dropoffArea = null)
        {
            var example = new Tensorflow.Example { Features = new Tensorflow.Features() };
            var features = example.Features.Feature;
            features["company"] = new Tensorflow.Feature { BytesList = new Tensorflow.BytesList { Value = { Google.Protobuf.ByteString.CopyFromUtf8(company) } } };
            features["payment_type"] = new Tensorflow.Feature { BytesList = new Tensorflow.BytesList { Value = { Google.Protobuf.ByteString.CopyFromUtf8(payment) } } };
            features["fare"] = new Tensorflow.Feature { FloatList = new Tensorflow.FloatList { Value = { fare } } };
            features["trip_miles"] = new Tensorflow.Feature { FloatList = new Tensorflow.FloatList { Value = { miles } } };
            features["trip_seconds"] = new Tensorflow.Feature { Int64List = new Tensorflow.Int64List { Value = { seconds } } };
            features["trip_start_hour"] = new Tensorflow.Feature { Int64List = new Tensorflow.Int64List { Value = { hour } } };
            if (pickupArea is { } pickup)
            {
                features["pickup_community_area"] = new Tensorflow.Feature { Int64List = new Tensorflow.Int64List { Value = { pickup } } };
            }

            if (dropoffArea is { } dropoff)
            {
                features["dropoff_community_area"] = new Tensorflow.Feature { Int64List = new Tensorflow.Int64List { Value = { dropoff } } };
            }

            var b64 = Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(example));
            return "{\"examples\": {\"b64\": \"" + b64 + "\"}}";
        }

        string[] examples =
        [
            Example("Flash Cab", "Cash", 9.25f, 1.3f, 540, 10),
            Example("Taxi Affiliation Services", "Cash", 9.25f, 1.3f, 540, 10),
            Example("Flash Cab", "Credit Card", 9.25f, 1.3f, 540, 10),
            Example("Unknown Co", "Credit Card", 31.5f, 12.7f, 1860, 23, pickupArea: 8, dropoffArea: 32),
        ];
        double[] tensorFlowJsLogits = [-1.353498101234436, -1.4444491863250732, -0.7220149040222168, -0.2816701829433441];

        var name = "tensorflow__tfx__estimator_taxi_serving";
        using var repository = new TempModelRepository();
        await using var server = await TestServer.StartAsync([ReferenceModelTests.Serve(name, Corpus.Require("tf/" + name), repository)]);
        var body = await TfServingModelsTests.PostAsync(server, $"/v1/models/{name}:predict", $$"""{"signature_name": "predict", "instances": [{{string.Join(", ", examples)}}]}""");
        var predictions = JsonDocument.Parse(body).RootElement.GetProperty("predictions").EnumerateArray().ToArray();

        AssertClose(tensorFlowJsLogits, [.. predictions.Select(p => p.GetProperty("logits")[0].GetDouble())]);
        foreach (var prediction in predictions)
        {
            var logit = prediction.GetProperty("logits")[0].GetDouble();
            var logistic = prediction.GetProperty("logistic")[0].GetDouble();
            var probabilities = prediction.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var classId = prediction.GetProperty("class_ids")[0].GetInt64();
            Assert.Equal(1 / (1 + Math.Exp(-logit)), logistic, 1e-5);
            AssertClose([1 - logistic, logistic], probabilities);
            Assert.Equal(probabilities[1] > probabilities[0] ? 1 : 0, classId);
            Assert.Equal(classId.ToString(System.Globalization.CultureInfo.InvariantCulture), prediction.GetProperty("classes")[0].GetString());
            Assert.Equal(["0", "1"], prediction.GetProperty("all_classes").EnumerateArray().Select(e => e.GetString()));
        }
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-3 * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
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

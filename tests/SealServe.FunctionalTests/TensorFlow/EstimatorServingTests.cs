using System.Text;
using System.Text.Json;
using Google.Protobuf;
using SealServe.TestKit;
using Tensorflow.Serving;
using static SealServe.FunctionalTests.TensorFlow.ExampleRequests;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// TFX's Chicago taxi estimator export served from the corpus: tf.Example parsing, TF Transform vocabularies and the
/// wide-and-deep head. The corpus stores no predictions, so its signatures are checked against each other and the
/// head's definition: classify's two scores sum to 1, regress answers the second, predict's probabilities are classify's.
/// </summary>
public sealed class EstimatorServingTests
{
    private const string Trips = """
        {"signature_name": "classification", "examples": [
          {"payment_type": "Credit Card", "company": "Taxi Affiliation Services", "trip_miles": 1.5, "fare": 6.25, "trip_start_hour": 10, "pickup_latitude": 41.9, "trip_seconds": 420},
          {"payment_type": "Cash", "trip_miles": 12.0, "fare": 30.0}]}
        """;

    [Fact]
    public async Task Taxi_ClassifyRegressAndPredict_AgreeAsTheHeadDefinesThem()
    {
        using var repository = new TempModelRepository();
        repository.LinkVersion("1646034756", Path.Combine(Corpus.Require("tf/tensorflow__tfx__estimator_taxi_serving"), "1646034756"));
        await using var server = await TestServer.StartAsync([ModelConfig.Create("taxi", repository.BasePath)]);

        using var response = await server.Http.PostAsync("/v1/models/taxi:classify", new StringContent(Trips));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var classes = JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(c => (Label: c[0].GetString(), Score: c[1].GetSingle())).ToArray()).ToArray();
        var input = Input(Trips);
        var regressed = await server.Prediction.RegressAsync(new RegressionRequest { ModelSpec = Spec("taxi", "regression"), Input = input });
        var predict = new PredictRequest { ModelSpec = Spec("taxi", "predict") };
        predict.Inputs["examples"] = new Tensorflow.TensorProto
        {
            Dtype = Tensorflow.DataType.DtString,
            TensorShape = new Tensorflow.TensorShapeProto { Dim = { new Tensorflow.TensorShapeProto.Types.Dim { Size = 2 } } },
            StringVal = { input.ExampleList.Examples.Select(e => e.ToByteString()) },
        };
        var predicted = await server.Prediction.PredictAsync(predict);

        Assert.Equal(2, classes.Length);
        Assert.All(classes, c => Assert.Equal(["0", "1"], c.Select(x => x.Label)));
        Assert.All(classes, c => Assert.Equal(1f, c[0].Score + c[1].Score, 1e-6f));
        Assert.All(classes, c => Assert.InRange(c[1].Score, 0.01f, 0.99f));
        Assert.NotEqual(classes[0][1].Score, classes[1][1].Score); // the features reach the model
        Assert.Equal(classes.Select(c => c[1].Score), regressed.Result.Regressions.Select(r => r.Value), new FloatTolerance(1e-6f));
        Assert.Equal(classes.SelectMany(c => c.Select(x => x.Score)), predicted.Outputs["probabilities"].FloatVal, new FloatTolerance(1e-6f));
    }

    /// <summary>The same examples as a gRPC Input, read from the REST body by the server's own JSON codec.</summary>
    private static Input Input(string json)
    {
        using var request = Server.Codecs.Json.ExamplesJsonRequest.Parse(Encoding.UTF8.GetBytes(json));
        var list = new ExampleList();
        list.Examples.AddRange(request.Examples.Strings.Select(Tensorflow.Example.Parser.ParseFrom));
        return new Input { ExampleList = list };
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}

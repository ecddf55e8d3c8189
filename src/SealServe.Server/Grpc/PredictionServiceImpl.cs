using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Models;
using SealServe.Models.Management;
using SealServe.Models.Serving;
using SealServe.Server.Codecs.Proto;
using SealServe.Server.Diagnostics;
using SealServe.Serving;
using Tensorflow.Serving;

namespace SealServe.Server.Grpc;

/// <summary><c>tensorflow.serving.PredictionService</c>: Predict, Classify, Regress, MultiInference and GetModelMetadata.</summary>
internal sealed class PredictionServiceImpl(ServableManager manager, ServerOptions options, IOptions<ModelServingOptions> servingOptions, ServingMetrics metrics) : PredictionService.PredictionServiceBase
{
    private readonly bool checkMethodNames = servingOptions.Value.EnableSignatureMethodNameCheck;

    public override async Task<PredictResponse> Predict(PredictRequest request, ServerCallContext context)
    {
        try
        {
            return await PredictAsync(request, context).ConfigureAwait(false);
        }
        finally
        {
            // The inputs are disposed and the engine is done with them: the pooled tensor_content goes back.
            PredictRequestParser.ReturnBuffers(request);
        }
    }

    private async Task<PredictResponse> PredictAsync(PredictRequest request, ServerCallContext context)
    {
        using var decode = ServerTracing.Source.StartActivity("decode");
        using var handle = manager.GetHandle(ModelSpecs.ToServableRequest(request.ModelSpec));
        var signature = Predictor.GetSignature(handle.Servable, request.ModelSpec.SignatureName);
        Predictor.CheckMethodName(signature, checkMethodNames);
        var inputs = PredictRequestDecoder.Decode(request.Inputs, signature, request.CalculateSize(), options.MaxTensorExpansionBytes);
        decode?.Stop();
        try
        {
            var started = Stopwatch.GetTimestamp();
            using var result = await Predictor.PredictAsync(handle, signature, inputs, request.OutputFilter, context.CancellationToken).ConfigureAwait(false);
            metrics.RecordRuntime(handle.ModelName, "Predict", started);
            using var encode = ServerTracing.Source.StartActivity("encode");
            var response = new PredictResponse { ModelSpec = ModelSpecs.Resolved(result.ModelName, result.Version, result.SignatureName) };
            foreach (var (alias, tensor) in result.Outputs)
            {
                response.Outputs[alias] = TensorProtoCodec.ToProto(tensor, options.SerializeAsTensorContent);
            }

            return response;
        }
        finally
        {
            foreach (var tensor in inputs.Values)
            {
                tensor.Dispose();
            }
        }
    }

    public override Task<GetModelMetadataResponse> GetModelMetadata(GetModelMetadataRequest request, ServerCallContext context)
    {
        if (request.MetadataField.Count == 0)
        {
            throw ServingException.InvalidArgument("GetModelMetadataRequest must specify at least one metadata_field");
        }

        foreach (var field in request.MetadataField)
        {
            if (field != ModelMetadata.SignatureDefField)
            {
                throw ServingException.InvalidArgument($"Metadata field {field} is not supported");
            }
        }

        using var handle = manager.GetHandle(ModelSpecs.ToServableRequest(request.ModelSpec));
        var response = new GetModelMetadataResponse { ModelSpec = new ModelSpec { Name = handle.ModelName, Version = handle.Version } };
        response.Metadata[ModelMetadata.SignatureDefField] = Any.Pack(SignatureDefCodec.ToSignatureDefMap(handle.Servable.Signatures));
        return Task.FromResult(response);
    }

    // Classify, Regress and MultiInference take their requests' wire-compatible views (ParsedRequestMethodProvider binds
    // these overloads): each example stays the bytes the client sent, which the signature's graph parses.
    public async Task<ClassificationResponse> Classify(ClassificationRequestView request, ServerCallContext context)
    {
        using var handle = manager.GetHandle(ModelSpecs.ToServableRequest(request.ModelSpec));
        var signature = InferenceSignatures.ForClassification(InferenceSignatures.Find(handle.Servable, request.ModelSpec.SignatureName), checkMethodNames);
        using var examples = InputCodec.ToExamples(request.Input);
        metrics.RecordExamples(handle.ModelName, (int)examples.Shape[0]);
        var started = Stopwatch.GetTimestamp();
        using var result = await Classifier.ClassifyAsync(handle.Servable, signature, examples, context.CancellationToken).ConfigureAwait(false);
        metrics.RecordRuntime(handle.ModelName, "Classify", started);
        return new ClassificationResponse { Result = InferenceResultCodec.ToProto(result), ModelSpec = ModelSpecs.Resolved(handle.ModelName, handle.Version, signature.Signature.Key) };
    }

    public async Task<RegressionResponse> Regress(RegressionRequestView request, ServerCallContext context)
    {
        using var handle = manager.GetHandle(ModelSpecs.ToServableRequest(request.ModelSpec));
        var signature = InferenceSignatures.ForRegression(InferenceSignatures.Find(handle.Servable, request.ModelSpec.SignatureName), checkMethodNames);
        using var examples = InputCodec.ToExamples(request.Input);
        metrics.RecordExamples(handle.ModelName, (int)examples.Shape[0]);
        var started = Stopwatch.GetTimestamp();
        using var result = await Regressor.RegressAsync(handle.Servable, signature, examples, context.CancellationToken).ConfigureAwait(false);
        metrics.RecordRuntime(handle.ModelName, "Regress", started);
        return new RegressionResponse { Result = InferenceResultCodec.ToProto(result), ModelSpec = ModelSpecs.Resolved(handle.ModelName, handle.Version, signature.Signature.Key) };
    }

    public async Task<MultiInferenceResponse> MultiInference(MultiInferenceRequestView request, ServerCallContext context)
    {
        // As TF Serving: the version comes from the first task's ModelSpec, then every task must name the same model.
        using var handle = manager.GetHandle(ModelSpecs.ToServableRequest(request.Tasks.FirstOrDefault()?.ModelSpec ?? new ModelSpec()));
        ModelSpecs.CheckSameModel(request.Tasks.Select(t => t.ModelSpec));
        var tasks = MultiInferenceRunner.Check(handle.Servable, [.. request.Tasks.Select(t => new MultiInferenceTask(t.ModelSpec?.SignatureName ?? string.Empty, t.MethodName))], checkMethodNames);
        using var examples = InputCodec.ToExamples(request.Input);
        metrics.RecordExamples(handle.ModelName, (int)examples.Shape[0]);
        var started = Stopwatch.GetTimestamp();
        using var result = await MultiInferenceRunner.RunAsync(handle.Servable, tasks, examples, context.CancellationToken).ConfigureAwait(false);
        metrics.RecordRuntime(handle.ModelName, "MultiInference", started);
        var response = new MultiInferenceResponse();
        for (var i = 0; i < result.Results.Count; i++)
        {
            var inference = new InferenceResult { ModelSpec = ModelSpecs.Resolved(handle.ModelName, handle.Version, tasks.SignatureKeys[i]) };
            if (result.Results[i] is Models.Serving.ClassificationResult classification)
            {
                inference.ClassificationResult = InferenceResultCodec.ToProto(classification);
            }
            else
            {
                inference.RegressionResult = InferenceResultCodec.ToProto((Models.Serving.RegressionResult)result.Results[i]);
            }

            response.Results.Add(inference);
        }

        return response;
    }
}

using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Models.Management;
using SealServe.Models.Serving;
using SealServe.Server.Codecs.Proto;
using SealServe.Server.Diagnostics;
using Tensorflow.Serving;

namespace SealServe.Server.Grpc;

/// <summary><c>tensorflow.serving.PredictionService</c>: Predict and GetModelMetadata.</summary>
internal sealed class PredictionServiceImpl(ServableManager manager, ServerOptions options, ServingMetrics metrics) : PredictionService.PredictionServiceBase
{
    public override async Task<PredictResponse> Predict(PredictRequest request, ServerCallContext context)
    {
        using var decode = ServerTracing.Source.StartActivity("decode");
        using var handle = manager.GetHandle(ModelSpecs.ToServableRequest(request.ModelSpec));
        var signature = Predictor.GetSignature(handle.Servable, request.ModelSpec.SignatureName);
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

    public override Task<ClassificationResponse> Classify(ClassificationRequest request, ServerCallContext context) =>
        throw ServingException.Unimplemented("Classify is not supported yet: SealServe serves Predict.");

    public override Task<RegressionResponse> Regress(RegressionRequest request, ServerCallContext context) =>
        throw ServingException.Unimplemented("Regress is not supported yet: SealServe serves Predict.");

    public override Task<MultiInferenceResponse> MultiInference(MultiInferenceRequest request, ServerCallContext context) =>
        throw ServingException.Unimplemented("MultiInference is not supported yet: SealServe serves Predict.");
}

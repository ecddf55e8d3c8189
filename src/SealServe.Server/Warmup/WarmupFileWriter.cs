using System.Text;
using Google.Protobuf;
using SealServe.Models;
using SealServe.Server.Codecs.Json;
using SealServe.Server.Codecs.Proto;
using Tensorflow.Serving;

namespace SealServe.Server.Warmup;

/// <summary>
/// Writes a TF Serving warmup file (TFRecord of PredictionLog) from REST predict bodies, so users can make
/// one without TensorFlow. Each body is read with the signature it names, exactly as the REST API would.
/// </summary>
public static class WarmupFileWriter
{
    /// <summary>Converts each JSON predict body to a logged PredictRequest for <paramref name="modelName"/> and writes the records.</summary>
    /// <returns>The number of records written.</returns>
    public static int Write(IServable servable, string modelName, IEnumerable<string> jsonBodies, Stream output)
    {
        var count = 0;
        foreach (var body in jsonBodies)
        {
            using var request = PredictJsonRequest.Parse(Encoding.UTF8.GetBytes(body));
            var signature = PredictJsonRequest.ResolveSignature(servable.Signatures, request.SignatureName);
            var log = new PredictionLog { PredictLog = new PredictLog { Request = new PredictRequest { ModelSpec = new ModelSpec { Name = modelName, SignatureName = signature.Key } } } };
            foreach (var (alias, tensor) in request.ReadInputs(signature))
            {
                using (tensor)
                {
                    log.PredictLog.Request.Inputs[alias] = TensorProtoCodec.ToProto(tensor, asTensorContent: false);
                }
            }

            TfRecordFile.Write(output, log.ToByteArray());
            count++;
        }

        return count;
    }
}

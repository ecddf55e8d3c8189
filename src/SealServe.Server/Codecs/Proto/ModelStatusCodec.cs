using SealServe.Models.Management;
using ProtoState = Tensorflow.Serving.ModelVersionStatus.Types.State;

namespace SealServe.Server.Codecs.Proto;

/// <summary>Renders version states as TF Serving's GetModelStatusResponse.</summary>
internal static class ModelStatusCodec
{
    /// <param name="redact">Applied to each error message (<c>--redact_status_errors</c>).</param>
    public static Tensorflow.Serving.GetModelStatusResponse ToResponse(IReadOnlyList<ModelVersionStatus> statuses, Func<string, string> redact)
    {
        var response = new Tensorflow.Serving.GetModelStatusResponse();
        foreach (var status in statuses)
        {
            response.ModelVersionStatus.Add(new Tensorflow.Serving.ModelVersionStatus
            {
                Version = status.Version,
                State = (ProtoState)(int)status.State,
                Status = new Tensorflow.Serving.StatusProto
                {
                    ErrorCode = (Tensorflow.Error.Code)(int)status.Status.Code,
                    ErrorMessage = redact(status.Status.Message),
                },
            });
        }

        return response;
    }
}

namespace SealServe.Core.Errors;

/// <summary>An outcome as TensorFlow Serving reports it: a canonical code and a message.</summary>
public readonly record struct ServingStatus(StatusCode Code, string Message)
{
    public static ServingStatus Ok { get; } = new(StatusCode.Ok, string.Empty);

    public bool IsOk => Code == StatusCode.Ok;

    /// <summary>The code's name as TensorFlow prints it: <c>INVALID_ARGUMENT</c>.</summary>
    public static string CodeName(StatusCode code) => code switch
    {
        StatusCode.Ok => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        _ => "UNKNOWN",
    };

    /// <summary>TensorFlow's <c>Status::ToString</c> form: <c>INVALID_ARGUMENT: message</c>.</summary>
    public override string ToString() => IsOk ? "OK" : $"{CodeName(Code)}: {Message}";
}

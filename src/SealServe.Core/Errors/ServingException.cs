namespace SealServe.Core.Errors;

/// <summary>The one error type of the serving path; the server maps its code to gRPC and HTTP status at the edge.</summary>
public sealed class ServingException : Exception
{
    public ServingException(StatusCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public StatusCode Code { get; }

    public ServingStatus Status => new(Code, Message);

    public static ServingException InvalidArgument(string message) => new(StatusCode.InvalidArgument, message);

    public static ServingException NotFound(string message) => new(StatusCode.NotFound, message);

    public static ServingException FailedPrecondition(string message) => new(StatusCode.FailedPrecondition, message);

    public static ServingException Unimplemented(string message) => new(StatusCode.Unimplemented, message);

    public static ServingException Internal(string message, Exception? inner = null) => new(StatusCode.Internal, message, inner);
}

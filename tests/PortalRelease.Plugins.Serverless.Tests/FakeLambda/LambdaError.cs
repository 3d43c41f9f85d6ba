namespace PortalRelease.Plugins.Serverless.Tests.FakeLambda;

/// <summary>An error the fake answers with, in the Lambda API's shape.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Type">The error type, e.g. <c>ResourceNotFoundException</c>.</param>
/// <param name="Message">The message.</param>
/// <param name="RetryAfterSeconds">Sent as <c>Retry-After</c> (throttling).</param>
/// <param name="TypeInBody">Name the type in the body's <c>__type</c> instead of the <c>x-amzn-ErrorType</c> header.</param>
public sealed record LambdaError(int Status, string Type, string Message, int? RetryAfterSeconds = null, bool TypeInBody = false)
{
    public static LambdaError NotFound(string message) => new(404, "ResourceNotFoundException", message);

    public static LambdaError Conflict(string message) => new(409, "ResourceConflictException", message);

    public static LambdaError InvalidParameter(string message) => new(400, "InvalidParameterValueException", message);

    public static LambdaError PreconditionFailed(string message) => new(412, "PreconditionFailedException", message);

    public static LambdaError Throttled(int retryAfterSeconds) => new(429, "TooManyRequestsException", "Rate exceeded", retryAfterSeconds);
}

/// <summary>Thrown inside the fake to answer with an error.</summary>
public sealed class LambdaErrorException(LambdaError error) : Exception(error.Message)
{
    public LambdaError Error { get; } = error;
}

using System.Net;

namespace PortalRelease.Plugins.Serverless.Api;

/// <summary>An error response from the Lambda API: its HTTP status, error type and message.</summary>
internal sealed class LambdaApiException : Exception
{
    public LambdaApiException(string operation, HttpStatusCode status, string errorType, string message, TimeSpan? retryAfter)
        : base($"{operation}: {errorType} (HTTP {(int)status}): {message}")
    {
        Operation = operation;
        Status = status;
        ErrorType = errorType;
        ApiMessage = message;
        RetryAfter = retryAfter;
    }

    public LambdaApiException()
    {
        Operation = ErrorType = ApiMessage = "";
    }

    public LambdaApiException(string message) : base(message)
    {
        Operation = ErrorType = ApiMessage = "";
    }

    public LambdaApiException(string message, Exception innerException) : base(message, innerException)
    {
        Operation = ErrorType = ApiMessage = "";
    }

    public string Operation { get; }

    public HttpStatusCode Status { get; }

    /// <summary>e.g. <c>ResourceNotFoundException</c>, from <c>x-amzn-ErrorType</c> or the body's <c>__type</c>.</summary>
    public string ErrorType { get; }

    public string ApiMessage { get; }

    /// <summary>From a throttling response's <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; }

    public bool IsNotFound => Status == HttpStatusCode.NotFound || ErrorType == "ResourceNotFoundException";

    /// <summary>Another operation on the function is in progress (or the resource exists).</summary>
    public bool IsConflict => Status == HttpStatusCode.Conflict || ErrorType == "ResourceConflictException";

    public bool IsThrottled => Status == HttpStatusCode.TooManyRequests || ErrorType is "TooManyRequestsException" or "ThrottlingException";

    /// <summary>Worth retrying as it is: throttling and the service's own failures.</summary>
    public bool IsTransient => IsThrottled || (int)Status >= 500;
}

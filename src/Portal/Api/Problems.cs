namespace PortalRelease.Portal.Api;

/// <summary>Every API error is <c>application/problem+json</c> that says what is wrong and where.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(title: "The request is not valid.", detail: detail, statusCode: StatusCodes.Status400BadRequest, extensions: extensions);

    public static IResult Validation(IDictionary<string, string[]> errors, string detail) =>
        Results.ValidationProblem(errors, detail: detail, title: "The request is not valid.");

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found.", detail: detail, statusCode: StatusCodes.Status404NotFound);

    /// <summary>An idempotency key sent again with a different request: nothing was done.</summary>
    public static IResult KeyReused(string detail) =>
        Results.Problem(title: "The idempotency key was used for a different request.", detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static IResult Conflict(string detail) =>
        Results.Problem(title: "Not possible in the release's current state.", detail: detail, statusCode: StatusCodes.Status409Conflict);
}

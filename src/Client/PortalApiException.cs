using System.Net;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

/// <summary>The portal answered other than 2xx: <see cref="Status"/> and, when it sent one, its <see cref="Problem"/>.</summary>
public sealed class PortalApiException : Exception
{
    /// <summary>An API error without details.</summary>
    public PortalApiException()
    {
    }

    /// <summary>An API error described by <paramref name="message"/>.</summary>
    public PortalApiException(string message)
        : base(message)
    {
    }

    /// <summary>An API error caused by <paramref name="innerException"/>.</summary>
    public PortalApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The portal answered <paramref name="status"/> with <paramref name="problem"/> (null when the body was not problem+json).</summary>
    public PortalApiException(HttpStatusCode status, ApiProblem? problem, string message)
        : base(message)
    {
        Status = status;
        Problem = problem;
    }

    /// <summary>The HTTP status the portal answered.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem details the portal sent, when it sent problem+json.</summary>
    public ApiProblem? Problem { get; }

    /// <summary>The per-field messages of a validation problem (empty for any other error).</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors => Problem?.Errors ?? new Dictionary<string, string[]>();

    /// <summary>Where a template the portal refused is wrong, line by line (empty for any other error).</summary>
    public IReadOnlyList<TemplateErrorView> TemplateErrors { get; init; } = [];

    /// <summary>Which values of a target the portal refused, by JSON pointer (<c>/settings/url</c>), and why (empty for any other error).</summary>
    public IReadOnlyList<TargetErrorView> TargetErrors { get; init; } = [];
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortalRelease.Contracts;

/// <summary>
/// An <c>application/problem+json</c> error (RFC 9457). <see cref="Errors"/> holds the per-field messages of a validation
/// problem, keyed by field (<c>version</c>, <c>parameters.region</c>, …); anything else the portal adds is in <see cref="Extensions"/>.
/// </summary>
public sealed record ApiProblem
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    public string? Instance { get; init; }

    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extensions { get; init; }
}

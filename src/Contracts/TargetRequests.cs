using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortalRelease.Contracts;

/// <summary>
/// The body of <c>POST /api/targets</c> and <c>PUT /api/targets/{name}</c>. <see cref="Settings"/> are the kind's own
/// (its driver's schema). A secret left out of <see cref="Secrets"/> keeps its stored value on update; <c>null</c>
/// clears it. <see cref="Environment"/> and <see cref="Team"/> left out keep their stored value on update; <c>""</c>
/// removes the label.
/// </summary>
public sealed record TargetRequest(
    string? Name, string? Kind, JsonElement? Settings, IReadOnlyDictionary<string, JsonElement>? Secrets, string? Environment = null, string? Team = null);

/// <summary>
/// The <c>400</c> problem of a refused <c>POST /api/targets</c> or <c>PUT /api/targets/{name}</c> (RFC 9457): its
/// <c>errors</c> name the values that are wrong by JSON pointer, not the per-field map of a validation problem
/// (<see cref="ApiProblem"/>). <c>errors</c> is null when the body could not be read at all (not JSON).
/// </summary>
public sealed record TargetProblem(string? Type, string? Title, int? Status, string? Detail, IReadOnlyList<TargetErrorView>? Errors)
{
    /// <summary>Anything else the portal adds (its <c>traceId</c>, say).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>One problem of a target's input: the value it concerns (a JSON pointer: <c>/name</c>, <c>/settings/url</c>, <c>/secrets/token</c>) and what is wrong.</summary>
public sealed record TargetErrorView(string Path, string Message);

/// <summary>One step of <see cref="DryRunView"/>: a line, and the full text (a SQL script) where the step has one.</summary>
public sealed record DryRunStepView(string Title, string? Text);

/// <summary>
/// The answer of <c>GET /api/targets/{name}/dry-run</c>: what an apply of <see cref="Version"/> to <see cref="Cohort"/>
/// would do now, in order, as the target's driver plans it; nothing was changed.
/// </summary>
public sealed record DryRunView(
    string Target, string Kind, string Version, string Cohort, int Weight, string Strategy, string? Summary, IReadOnlyList<DryRunStepView> Steps);

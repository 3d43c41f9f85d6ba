using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortalRelease.Contracts;

/// <summary>
/// A release as <c>GET /api/releases/{id}</c> serves it (the list serves the same without <see cref="Parameters"/> and
/// <see cref="Plan"/>). <see cref="State"/> is one of <see cref="ReleaseStates"/>; <see cref="SubState"/> says in words
/// what it waits for (queued behind another release, an approval, a window).
/// </summary>
public sealed record ReleaseView(
    string Id,
    string Template,
    long TemplateVersion,
    string Version,
    string State,
    bool Paused,
    string? PauseReason,
    string? Reason,
    int? CurrentStep,
    string? CurrentStepDescription,
    int CanaryWeight,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt,
    string CreatedBy,
    long LastSeq,
    IReadOnlyList<string> AvailableCommands,
    JsonElement? Parameters = null,
    ReleasePlanView? Plan = null)
{
    public string? QueuedBehind { get; init; }

    public string? QueuedOn { get; init; }

    public IReadOnlyList<string> LockedTargets { get; init; } = [];

    public string? SubState { get; init; }

    /// <summary>True once the release has settled: nothing more happens unless a person acts.</summary>
    [JsonIgnore]
    public bool IsFinal => ReleaseStates.IsFinal(State);
}

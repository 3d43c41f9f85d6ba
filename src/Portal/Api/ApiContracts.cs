using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Api;

public sealed record CreateReleaseBody(string? Template, string? Version, Dictionary<string, JsonElement>? Parameters, ReleaseMetadataInput? Metadata = null);

public sealed record CommandBody(string? Reason);

public sealed record ReleaseDto(
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
    ReleasePlan? Plan = null)
{
    public static ReleaseDto From(ReleaseRecord record, ReleaseView view, ReleasePlan? plan = null) => new(
        record.Id,
        record.TemplateName,
        record.TemplateVersion,
        record.Version,
        view.PendingRollback is { IsAbort: var abort } ? (abort ? "Aborting" : "RollingBack") : view.State.ToString(),
        view.IsPaused,
        view.PauseReason,
        view.Reason,
        view.CurrentStep,
        view.CurrentStepDescription,
        view.CanaryWeight,
        record.CreatedAt,
        view.UpdatedAt,
        record.CreatedBy,
        view.LastSeq,
        ReleaseStateMachine.Available(view).Select(c => c.ToString().ToLowerInvariant()).ToList(),
        plan is null ? null : JsonDocument.Parse(record.Parameters).RootElement.Clone(),
        plan)
    {
        QueuedBehind = view.QueuedBehind?.Behind,
        QueuedOn = view.QueuedBehind?.On,
        LockedTargets = view.HoldsTargets ? view.LockedTargets : [],
        SubState = view.QueuedBehind is { } queued ? ReleaseView.QueuedText(queued) : view.GateSubState,
    };

    /// <summary>The release this one waits behind for a target (see <see cref="QueuedOn"/>), while it is queued.</summary>
    public string? QueuedBehind { get; init; }

    public string? QueuedOn { get; init; }

    /// <summary>The targets this release holds (it deploys only while it holds every target of its plan).</summary>
    public IReadOnlyList<string> LockedTargets { get; init; } = [];

    /// <summary>A visible sub-state beside <see cref="State"/> in words, e.g. "Queued behind 3fa2c1 on sandbox-eu".</summary>
    public string? SubState { get; init; }
}

using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Api;

public sealed record CreateReleaseBody(string? Template, string? Version, Dictionary<string, JsonElement>? Parameters);

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
        plan);
}

public sealed record TemplateDto(string Name, long Version, string? Description, DateTimeOffset CreatedAt, string CreatedBy, string? Yaml = null)
{
    public static TemplateDto From(TemplateRecord r, bool withYaml = false) =>
        new(r.Name, r.Version, r.Description, r.CreatedAt, r.CreatedBy, withYaml ? r.Yaml : null);
}

using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using System.Text.Json.Nodes;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Gates;

public enum QuarantineStatus
{
    Done,
    Invalid,
    Conflict,
    NotFound,
}

public sealed record QuarantineResult(QuarantineStatus Status, string? Message, QuarantineRecord? Record = null);

/// <summary>Marks versions of a service bad and lifts the mark; every change is a new row with who and why.</summary>
public sealed class QuarantineService(QuarantineRepository repository, TimeProvider time, IOptions<PortalOptions> options, AuditLog audit, Identity.Access.AccessGuard guard)
{
    public Task<QuarantineResult> QuarantineAsync(string? service, string? version, string? reason, AuditActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(service, version, reason, actor, QuarantineRepository.Quarantined, cancellationToken);

    public Task<QuarantineResult> LiftAsync(string? service, string? version, string? reason, AuditActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(service, version, reason, actor, QuarantineRepository.Lifted, cancellationToken);

    /// <summary>The mark in force on a version, or null when it may be deployed.</summary>
    public async Task<QuarantineRecord?> FindAsync(string service, string version, CancellationToken cancellationToken = default) =>
        await repository.LatestAsync(service, version, cancellationToken) is { IsQuarantined: true } mark ? mark : null;

    /// <summary>Versions quarantined now, newest mark first.</summary>
    public async Task<IReadOnlyList<QuarantineRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        (await repository.HistoryAsync(cancellationToken))
            .GroupBy(r => (r.Service, r.Version))
            .Select(g => g.Last())
            .Where(r => r.IsQuarantined)
            .OrderByDescending(r => r.Id)
            .ToList();

    public Task<IReadOnlyList<QuarantineRecord>> HistoryAsync(CancellationToken cancellationToken = default) => repository.HistoryAsync(cancellationToken);

    /// <summary>The sentence release creation and rollback use when a version is quarantined.</summary>
    public static string Describe(QuarantineRecord mark) =>
        $"Version {mark.Version} of service '{mark.Service}' is quarantined (by {mark.Actor}: {mark.Reason}).";

    private async Task<QuarantineResult> ChangeAsync(string? service, string? version, string? reason, AuditActor actor, string action, CancellationToken cancellationToken)
    {
        // Anywhere first (a 403 before any input is judged), then the service the mark is for.
        await guard.DemandAsync(actor, Identity.Access.AccessPermission.Quarantine, Identity.Access.AccessScope.Anywhere);
        if (!string.IsNullOrWhiteSpace(service))
        {
            await guard.DemandAsync(actor, Identity.Access.AccessPermission.Quarantine, Identity.Access.AccessScope.OfService(service.Trim()));
        }
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(service))
        {
            errors.Add("service: a service name is required.");
        }
        if (ReleaseService.CheckVersion(version) is { } versionError)
        {
            errors.Add($"version: {versionError}");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(action == QuarantineRepository.Quarantined
                ? "reason: say why the version is bad; people who try to deploy it read this."
                : "reason: say why the version is safe again.");
        }
        else if (TextLimit.CheckComment(reason, "reason", options.Value.Limits) is { } refused)
        {
            errors.Add(refused);
        }
        if (errors.Count > 0)
        {
            return new QuarantineResult(QuarantineStatus.Invalid, string.Join(" ", errors));
        }
        // Decided and written in one transaction the repository serialises across nodes: two marks given at once on
        // two nodes cannot both pass the "not yet quarantined" check.
        var (record, current) = await repository.AddIfChangesAsync(service!.Trim(), version!, action, reason!.Trim(), actor.Id, time.GetUtcNow(), cancellationToken);
        if (record is null)
        {
            return action == QuarantineRepository.Quarantined
                ? new QuarantineResult(QuarantineStatus.Conflict, Describe(current!) + " It is already quarantined.", current)
                : new QuarantineResult(QuarantineStatus.NotFound, $"Version {version} of service '{service.Trim()}' is not quarantined.");
        }
        await audit.AppendAsync(new AuditEntry(
            actor,
            action == QuarantineRepository.Quarantined ? "quarantine.mark" : "quarantine.lift",
            "version",
            $"{record.Service}@{record.Version}",
            Details: new JsonObject { ["reason"] = record.Reason }), cancellationToken);
        return new QuarantineResult(QuarantineStatus.Done, null, record);
    }
}

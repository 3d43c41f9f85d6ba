using System.Text.Json.Nodes;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Ownership;

/// <summary>What an admin submits for a service: its owning team (a group name) and, optionally, a description.</summary>
public sealed record ServiceInput(string? Team, string? Description);

/// <summary>The service as stored now, whether this change registered it, or why nothing was changed (keyed by field).</summary>
public sealed record ServiceChange(ServiceEntry? Entry, RequestErrors Errors, bool Created = false);

/// <summary>
/// The service catalog: any signed-in user reads it; only admins change it, because an owner decides who may deploy
/// (grants by team) and whose figures a release counts in. Every change is audited.
/// </summary>
public sealed class ServiceCatalog(ServiceCatalogRepository repository, ServiceOwners owners, AccessGuard guard, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<ServiceEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await owners.AllAsync(cancellationToken)).Values.OrderBy(e => e.Name, StringComparer.Ordinal)];

    public async Task<ServiceEntry?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await owners.AllAsync(cancellationToken)).GetValueOrDefault(name);

    /// <summary>Registers <paramref name="name"/> or changes its owner and description.</summary>
    public async Task<ServiceChange> PutAsync(string name, ServiceInput input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        // Checked before any input is looked at: a non-admin learns nothing from the answer.
        await guard.DemandAsync(actor, AccessPermission.ManageAccess, AccessScope.Global);
        var errors = new RequestErrors();
        if (ServiceNames.Problem(name) is { } badName)
        {
            errors.Add("name", badName);
        }
        if (input.Team is null)
        {
            errors.Add("team", "The owning team is required: the name of a group, e.g. payments.");
        }
        else if (GrantRules.GroupProblem(input.Team) is { } badTeam)
        {
            errors.Add("team", badTeam);
        }
        if (ServiceNames.DescriptionProblem(input.Description) is { } badDescription)
        {
            errors.Add("description", badDescription);
        }
        if (errors.Count > 0)
        {
            return new ServiceChange(null, errors);
        }
        var before = await repository.GetAsync(name, cancellationToken);
        var now = time.GetUtcNow();
        var description = input.Description?.Trim() ?? "";
        var stored = await repository.UpsertAsync(new ServiceEntry(name, input.Team!, description, actor.Id, now, actor.Id, now), cancellationToken);
        owners.Invalidate();
        var details = new JsonObject { ["team"] = stored.Team, ["description"] = stored.Description };
        if (before is not null)
        {
            details["previousTeam"] = before.Team;
            details["previousDescription"] = before.Description;
        }
        await audit.AppendAsync(new AuditEntry(actor, before is null ? "service.register" : "service.update", "service", name, Details: details), cancellationToken);
        return new ServiceChange(stored, errors, Created: before is null);
    }

    /// <summary>Removes <paramref name="name"/> from the catalog; null when it was not there.</summary>
    public async Task<ServiceEntry?> RemoveAsync(string name, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await guard.DemandAsync(actor, AccessPermission.ManageAccess, AccessScope.Global);
        if (!ServiceNames.IsValid(name) || await repository.GetAsync(name, cancellationToken) is not { } entry)
        {
            return null;
        }
        if (!await repository.DeleteAsync(name, cancellationToken))
        {
            return null;
        }
        owners.Invalidate();
        await audit.AppendAsync(
            new AuditEntry(actor, "service.remove", "service", name, Details: new JsonObject { ["team"] = entry.Team, ["description"] = entry.Description }),
            cancellationToken);
        return entry;
    }
}

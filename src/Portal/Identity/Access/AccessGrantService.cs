using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Identity.Access;

/// <summary>What an admin submits for a grant: exactly one of user, group or everyone; a role; optional patterns.</summary>
public sealed record GrantInput(
    string? User, string? Group, bool? Everyone, string? Role, IReadOnlyList<string>? Environments, IReadOnlyList<string>? Services,
    IReadOnlyList<string>? Teams = null);

/// <summary>The new grant, or why none was made (keyed by field, as the API reports it).</summary>
public sealed record GrantChange(AccessGrant? Grant, RequestErrors Errors, string? Conflict = null);

/// <summary>Lists, adds and removes the grants stored in the database. Admins only; every change is audited.</summary>
public sealed class AccessGrantService(
    AccessGrantRepository grants, LocalAccountRepository accounts, Local.LastAdminRule lastAdmin, AccessControl access, AccessGuard guard, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<AccessGrant>> ListAsync(AuditActor actor, CancellationToken cancellationToken = default)
    {
        await guard.DemandAsync(actor, AccessPermission.ManageAccess, AccessScope.Global);
        return await access.GrantsAsync(cancellationToken);
    }

    public async Task<GrantChange> AddAsync(GrantInput input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await guard.DemandAsync(actor, AccessPermission.ManageAccess, AccessScope.Global);
        var errors = new RequestErrors();
        var everyone = input.Everyone == true;
        var subjects = (input.User is null ? 0 : 1) + (input.Group is null ? 0 : 1) + (everyone ? 1 : 0);
        if (subjects != 1)
        {
            errors.Add("user", "Give exactly one of user, group or everyone: true.");
        }
        if (input.User is not null && GrantRules.UserProblem(input.User) is { } user)
        {
            errors.Add("user", user);
        }
        if (input.Group is not null && GrantRules.GroupProblem(input.Group) is { } group)
        {
            errors.Add("group", group);
        }
        if (GrantRules.RoleProblem(input.Role) is { } role)
        {
            errors.Add("role", role);
        }
        var problems = new List<(string Path, string Message)>();
        var environments = GrantRules.Patterns(input.Environments, "environments", problems);
        var services = GrantRules.Patterns(input.Services, "services", problems);
        var teams = GrantRules.Patterns(input.Teams, "teams", problems);
        foreach (var (path, message) in problems)
        {
            errors.Add(path.Replace(':', '.'), message);
        }
        if (errors.Count > 0)
        {
            return new GrantChange(null, errors);
        }
        var kind = everyone ? GrantSubjectKind.Everyone : input.Group is not null ? GrantSubjectKind.Group : GrantSubjectKind.User;
        var grant = new AccessGrant(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), kind, everyone ? "" : (input.Group ?? input.User)!, input.Role!,
            environments, services, AccessGrant.FromDatabase, actor.Id, time.GetUtcNow()) { Teams = teams };
        if ((await access.GrantsAsync(cancellationToken)).Any(g => Same(g, grant)))
        {
            return new GrantChange(null, errors, $"The same grant exists already: {grant.Describe()}.");
        }
        await grants.InsertAsync(grant, cancellationToken);
        access.Invalidate();
        await audit.AppendAsync(new AuditEntry(actor, "access.grant", "grant", grant.Id, Details: Details(grant)), cancellationToken);
        return new GrantChange(grant, errors);
    }

    /// <summary>
    /// Removes a stored grant; refuses to remove the last grant that makes anyone admin everywhere, or (Local sign-in)
    /// the one that keeps the last enabled account admin everywhere. Checked and deleted in one write transaction, so a
    /// disable racing it cannot take the other admin away meanwhile.
    /// </summary>
    public async Task<GrantChange> RemoveAsync(string id, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await guard.DemandAsync(actor, AccessPermission.ManageAccess, AccessScope.Global);
        AccessGrant? grant;
        await using (var write = await accounts.BeginAccessChangeAsync(cancellationToken))
        {
            var stored = await write.StoredGrantsAsync(cancellationToken);
            var all = access.With(stored);
            grant = all.FirstOrDefault(g => g.Id == id);
            if (grant is null)
            {
                return new GrantChange(null, new RequestErrors());
            }
            if (grant.Source != AccessGrant.FromDatabase)
            {
                return new GrantChange(grant, new RequestErrors(), $"Grant '{id}' comes from {grant.Source}; change it in appsettings.json (Portal:Access:Grants).");
            }
            if (IsAdminEverywhere(grant) && !all.Any(g => g.Id != id && g.Id != "development" && IsAdminEverywhere(g)))
            {
                return new GrantChange(grant, new RequestErrors(), "This is the last grant of admin everywhere: removing it would leave nobody able to manage access. Grant admin to someone else first.");
            }
            var accountsNow = await write.AccountsAsync(cancellationToken);
            if (lastAdmin.LosesTheLast(accountsNow, stored, accountsNow, [.. stored.Where(g => g.Id != id)]))
            {
                return new GrantChange(grant, new RequestErrors(),
                    "This grant keeps the last enabled account with admin everywhere an admin: removing it would leave nobody able to sign in and manage access. Make another account an admin first.");
            }
            if (!await write.DeleteGrantAsync(id, cancellationToken))
            {
                return new GrantChange(null, new RequestErrors());
            }
            await write.CommitAsync(cancellationToken);
        }
        access.Invalidate();
        await audit.AppendAsync(new AuditEntry(actor, "access.revoke", "grant", id, Details: Details(grant)), cancellationToken);
        return new GrantChange(grant, new RequestErrors());
    }

    private static bool IsAdminEverywhere(AccessGrant grant) => grant.Role == AccessRoles.Admin && grant.IsUnscoped;

    private static bool Same(AccessGrant a, AccessGrant b) =>
        a.Kind == b.Kind && a.Subject == b.Subject && a.Role == b.Role
        && a.Environments.Order(StringComparer.Ordinal).SequenceEqual(b.Environments.Order(StringComparer.Ordinal))
        && a.Services.Order(StringComparer.Ordinal).SequenceEqual(b.Services.Order(StringComparer.Ordinal))
        && a.Teams.Order(StringComparer.Ordinal).SequenceEqual(b.Teams.Order(StringComparer.Ordinal));

    private static JsonObject Details(AccessGrant grant) => new()
    {
        ["subject"] = grant.Kind == GrantSubjectKind.Everyone ? "everyone" : $"{grant.Kind.ToString().ToLowerInvariant()}:{grant.Subject}",
        ["role"] = grant.Role,
        ["environments"] = new JsonArray([.. grant.Environments.Select(e => JsonValue.Create(e))]),
        ["services"] = new JsonArray([.. grant.Services.Select(s => JsonValue.Create(s))]),
        ["teams"] = new JsonArray([.. grant.Teams.Select(t => JsonValue.Create(t))]),
    };
}

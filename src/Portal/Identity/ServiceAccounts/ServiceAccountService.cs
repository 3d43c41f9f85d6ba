using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Identity.ServiceAccounts;

/// <summary>A service account as the API shows it, with its tokens (never their values).</summary>
public sealed record ServiceAccountInfo(
    string Id, string Name, string DisplayName, string Description, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt,
    string? DisabledBy, IReadOnlyList<ApiTokenInfo> Tokens)
{
    public bool Disabled => DisabledAt is not null;
}

/// <summary>
/// Non-human principals for pipelines and bots: a stable id <c>sa:&lt;name&gt;</c> that grants name and the journal and
/// audit log record, tokens of their own (and CI identities mapped to them, <c>Portal:Auth:Ci</c>), no groups. An account
/// is never deleted, only disabled: that revokes its tokens and refuses any of its credentials from then on, while the
/// records keep naming someone who exists. Every change is in the audit log. All of the management is here, so the one
/// permission it needs (ManageAccess, everywhere) is checked in one place, before any input is judged.
/// </summary>
public sealed partial class ServiceAccountService(
    ServiceAccountRepository accounts, ApiTokenService tokens, AuditLog audit, AccessGuard guard, TimeProvider time, ILogger<ServiceAccountService> logger)
{
    /// <summary>What a service account's id starts with; the rest is its name.</summary>
    public const string IdPrefix = "sa:";

    public const int MaxDisplayName = 128;
    public const int MaxDescription = 1024;

    public static string IdOf(string name) => IdPrefix + name;

    public static bool IsName(string? name) => name is not null && NameShape().IsMatch(name);

    // Access: ManageAccess
    public async Task<IReadOnlyList<ServiceAccountInfo>> ListAsync(AuditActor actor, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        var list = new List<ServiceAccountInfo>();
        foreach (var account in await accounts.ListAsync(cancellationToken))
        {
            list.Add(await InfoAsync(account, cancellationToken));
        }
        return list;
    }

    // Access: ManageAccess
    public async Task<ServiceAccountInfo> CreateAsync(
        AuditActor actor, string? name, string? displayName, string? description, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        if (!IsName(name))
        {
            throw new ServiceAccountException(
                ServiceAccountError.Invalid, "name", $"name must be 1 to 63 lowercase letters, digits or '-' (was '{Input.Excerpt.Of(name ?? "")}').");
        }
        displayName = string.IsNullOrWhiteSpace(displayName) ? name! : displayName.Trim();
        if (displayName.Length > MaxDisplayName || displayName.Any(char.IsControl))
        {
            throw new ServiceAccountException(ServiceAccountError.Invalid, "displayName", $"displayName must be at most {MaxDisplayName} printable characters.");
        }
        description = description?.Trim() ?? "";
        if (description.Length > MaxDescription || description.Any(c => char.IsControl(c) && c != '\n'))
        {
            throw new ServiceAccountException(
                ServiceAccountError.Invalid, "description", $"description must be at most {MaxDescription} characters without control characters other than line breaks.");
        }
        var record = new ServiceAccountRecord(name!, displayName, description, actor.Id, time.GetUtcNow(), null, null);
        if (!await accounts.InsertAsync(record, cancellationToken))
        {
            throw new ServiceAccountException(ServiceAccountError.Exists, "name", $"A service account '{name}' exists already (disabled ones keep their name).");
        }
        await audit.AppendAsync(
            new AuditEntry(actor, "service-account.create", "service-account", IdOf(record.Name), Details: new JsonObject
            {
                ["displayName"] = record.DisplayName,
                ["description"] = record.Description,
            }),
            cancellationToken);
        logger.LogInformation("Service account {ServiceAccount} created by {User}", IdOf(record.Name), actor.Id);
        return await InfoAsync(record, cancellationToken);
    }

    /// <summary>Disables the account and revokes its tokens; false when there is no such account.</summary>
    // Access: ManageAccess
    public async Task<bool> DisableAsync(AuditActor actor, string name, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        if (!IsName(name) || await accounts.FindAsync(name, cancellationToken) is null)
        {
            return false;
        }
        var revoked = await accounts.DisableAsync(name, actor.Id, time.GetUtcNow(), cancellationToken);
        if (revoked is null)
        {
            // Disabled already: nothing changed, nothing to record.
            return true;
        }
        await audit.AppendAsync(
            new AuditEntry(actor, "service-account.disable", "service-account", IdOf(name), Details: new JsonObject
            {
                ["revokedTokens"] = new JsonArray(revoked.Select(id => (JsonNode?)id).ToArray()),
            }),
            cancellationToken);
        logger.LogInformation("Service account {ServiceAccount} disabled by {User}, {Count} tokens revoked", IdOf(name), actor.Id, revoked.Count);
        return true;
    }

    /// <summary>A new token acting as the account, its value shown once.</summary>
    // Access: ManageAccess
    public async Task<CreatedApiToken> CreateTokenAsync(
        AuditActor actor, string name, string? tokenName, TimeSpan lifetime, ApiTokenScope scope, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        var account = await FindAsync(name, cancellationToken);
        if (account.DisabledAt is not null)
        {
            throw new ServiceAccountException(ServiceAccountError.Disabled, "name", $"The service account '{name}' is disabled; it gets no new tokens.");
        }
        var subject = new PortalUser(IdOf(account.Name), account.DisplayName, null, [], "service-account");
        return await tokens.CreateAsync(subject, account.Name, tokenName, lifetime, scope, actor, cancellationToken);
    }

    /// <summary>Revokes one of the account's tokens; false when it has no live token of that id.</summary>
    // Access: ManageAccess
    public async Task<bool> RevokeTokenAsync(AuditActor actor, string name, string id, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        await FindAsync(name, cancellationToken);
        return await tokens.RevokeForServiceAccountAsync(name, id, actor, cancellationToken);
    }

    /// <summary>The enabled account of that name as a principal's user, or null (authentication, not management).</summary>
    public async Task<PortalUser?> SignInAsync(string name, string method, CancellationToken cancellationToken = default) =>
        IsName(name) && await accounts.FindAsync(name, cancellationToken) is { DisabledAt: null } account
            ? new PortalUser(IdOf(account.Name), account.DisplayName, null, [], method)
            : null;

    private Task DemandAsync(AuditActor actor) => guard.DemandAsync(actor, AccessPermission.ManageAccess, AccessScope.Global);

    private async Task<ServiceAccountRecord> FindAsync(string name, CancellationToken cancellationToken) =>
        (IsName(name) ? await accounts.FindAsync(name, cancellationToken) : null)
        ?? throw new ServiceAccountException(ServiceAccountError.NotFound, "name", $"There is no service account '{Input.Excerpt.Of(name)}'.");

    private async Task<ServiceAccountInfo> InfoAsync(ServiceAccountRecord account, CancellationToken cancellationToken) => new(
        IdOf(account.Name), account.Name, account.DisplayName, account.Description, account.CreatedBy, account.CreatedAt, account.DisabledAt, account.DisabledBy,
        await tokens.ListForServiceAccountAsync(account.Name, cancellationToken));

    [GeneratedRegex(@"\A[a-z0-9-]{1,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameShape();
}

public enum ServiceAccountError
{
    Invalid,
    NotFound,
    Exists,
    Disabled,
}

/// <summary>A service-account request that cannot be honoured: what kind of refusal, and the field it is about.</summary>
public sealed class ServiceAccountException(ServiceAccountError error, string field, string message) : Exception(message)
{
    public ServiceAccountError Error { get; } = error;

    public string Field { get; } = field;
}

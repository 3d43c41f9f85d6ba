using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Identity.Tokens;

/// <summary>A token as its owner may see it: everything but the secret.</summary>
public sealed record ApiTokenInfo(
    string Id, string Name, string Subject, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt, string? LastUsedAddress, ApiTokenScope Scope)
{
    public static ApiTokenInfo From(ApiTokenRecord token) =>
        new(token.Id, token.Name, token.Subject, token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.LastUsedAt, token.LastUsedAddress, ScopeOf(token));

    internal static ApiTokenScope ScopeOf(ApiTokenRecord token) => new(token.ScopeRole, token.ScopeEnvironments, token.ScopeServices, token.ScopeTeams);
}

/// <summary>Who a presented token acts as, and the scope it is limited to.</summary>
public sealed record AuthenticatedToken(PortalUser User, ApiTokenScope Scope);

/// <summary>A token just created: the only time its full value exists outside the caller's hands.</summary>
public sealed record CreatedApiToken(ApiTokenInfo Token, string Value);

/// <summary>
/// Personal access tokens for pipelines and scripts (<c>Authorization: Bearer prt_…</c>). A token acts as the user who
/// created it, with the groups they had then (a built-in account's groups as they are now), until it expires or is revoked, limited to its scope when it has one. Its value is <c>prt_&lt;id&gt;_&lt;secret&gt;</c>:
/// the id finds the row, the 256-bit secret is compared by hash in constant time, and the prefix lets secret scanners
/// (GitHub's, GitLab's) recognise a leaked one.
/// </summary>
public sealed partial class ApiTokenService(
    ApiTokenRepository tokens,
    ServiceAccountRepository serviceAccounts,
    LocalAccountRepository localAccounts,
    Microsoft.Extensions.Options.IOptions<AuthOptions> auth,
    AuditLog audit,
    TimeProvider time,
    ILogger<ApiTokenService> logger)
{
    public const string Prefix = "prt_";
    public const int MaxNameLength = 64;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    // Writing the last use on every call would turn each API read into a database write.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public Task<CreatedApiToken> CreateAsync(
        PortalUser owner, string? name, TimeSpan lifetime, ApiTokenScope? scope = null, string? address = null, CancellationToken cancellationToken = default) =>
        CreateAsync(owner, null, name, lifetime, scope ?? ApiTokenScope.Unrestricted, new AuditActor(owner.Id, owner.Name, owner.Method, address), cancellationToken);

    /// <summary>
    /// Creates a token acting as <paramref name="subject"/> (with its groups), for <paramref name="serviceAccount"/> when the
    /// subject is one; <paramref name="creator"/> is who asked, as the audit log records it.
    /// </summary>
    internal async Task<CreatedApiToken> CreateAsync(
        PortalUser subject, string? serviceAccount, string? name, TimeSpan lifetime, ApiTokenScope scope, AuditActor creator, CancellationToken cancellationToken)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw new ApiTokenException("name", $"A token needs a name of 1 to {MaxNameLength} printable characters.");
        }
        if (lifetime < TimeSpan.FromHours(1) || lifetime > MaxLifetime)
        {
            throw new ApiTokenException("expiresInDays", $"A token lives from 1 hour to {MaxLifetime.TotalDays:0} days.");
        }
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var record = new ApiTokenRecord(
            id, subject.Id, subject.Name, subject.Groups, name, Hash(secret), creator.Id, now, now + lifetime, null, null, null, null,
            scope.Role, scope.Environments, scope.Services, serviceAccount, scope.Teams);
        await tokens.InsertAsync(record, cancellationToken);
        var details = new JsonObject
        {
            ["name"] = name,
            ["expiresAt"] = record.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["scope"] = ScopeDetails(scope),
        };
        if (serviceAccount is not null)
        {
            details["serviceAccount"] = serviceAccount;
        }
        await audit.AppendAsync(new AuditEntry(creator, "token.create", "api-token", id, Details: details), cancellationToken);
        logger.LogInformation(
            "API token {TokenId} '{TokenName}' created for {User} by {Creator}, expires {Expires:O}, scope {Scope}",
            id, name, subject.Id, creator.Id, record.ExpiresAt, scope.IsUnrestricted ? "unrestricted" : ScopeDetails(scope).ToJsonString());
        return new CreatedApiToken(ApiTokenInfo.From(record), $"{Prefix}{id}_{secret}");
    }

    /// <summary>The user a presented token acts as, or null when it is malformed, unknown, wrong, expired or revoked.</summary>
    public async Task<AuthenticatedToken?> AuthenticateAsync(string presented, string? address, CancellationToken cancellationToken = default)
    {
        var match = TokenShape().Match(presented);
        if (!match.Success)
        {
            return null;
        }
        var token = await tokens.FindAsync(match.Groups["id"].Value, cancellationToken);
        var now = time.GetUtcNow();
        if (token is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(match.Groups["secret"].Value)), Encoding.ASCII.GetBytes(token.SecretHash))
            || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return null;
        }
        var subjectName = token.SubjectName;
        var groups = token.Groups;
        if (token.ServiceAccount is null && auth.Value.Mode == AuthMode.Local && await localAccounts.FindAsync(token.Subject, cancellationToken) is { } local)
        {
            // A built-in account is known here, unlike a provider's user: its token follows what admins change — refused
            // once the account is disabled, acting with the groups it has now rather than those it had then.
            if (local.Disabled)
            {
                return null;
            }
            (subjectName, groups) = (local.DisplayName, local.Groups);
        }
        else if (token.ServiceAccount is not null)
        {
            // Disabling revokes the account's tokens too; checking here as well keeps a token issued in a race with the
            // disabling (or restored from a backup) from acting for an account that is off.
            if (await serviceAccounts.FindAsync(token.ServiceAccount, cancellationToken) is not { DisabledAt: null } account)
            {
                return null;
            }
            subjectName = account.DisplayName;
        }
        if (token.LastUsedAt is null || now - token.LastUsedAt >= TouchInterval || token.LastUsedAddress != address)
        {
            await tokens.TouchAsync(token.Id, now, address, cancellationToken);
        }
        return new AuthenticatedToken(new PortalUser(token.Subject, subjectName, null, groups, $"token:{token.Id}"), ApiTokenInfo.ScopeOf(token));
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(PortalUser owner, CancellationToken cancellationToken = default) =>
        (await tokens.ListAsync(owner.Id, cancellationToken)).Select(ApiTokenInfo.From).ToList();

    /// <summary>Revokes one of the user's own tokens; false when there is no such live token of theirs.</summary>
    public async Task<bool> RevokeAsync(PortalUser owner, string id, string? address = null, CancellationToken cancellationToken = default)
    {
        var token = await tokens.FindAsync(id, cancellationToken);
        if (token is null || token.Subject != owner.Id || token.ServiceAccount is not null)
        {
            return false;
        }
        var revoked = await tokens.RevokeAsync(id, owner.Id, time.GetUtcNow(), cancellationToken);
        if (revoked)
        {
            logger.LogInformation("API token {TokenId} revoked by {User}", id, owner.Id);
            await audit.AppendAsync(new AuditEntry(Actor(owner, address), "token.revoke", "api-token", id), cancellationToken);
        }
        return revoked;
    }

    /// <summary>The tokens of a service account (never their values).</summary>
    internal async Task<IReadOnlyList<ApiTokenInfo>> ListForServiceAccountAsync(string serviceAccount, CancellationToken cancellationToken) =>
        (await tokens.ListForServiceAccountAsync(serviceAccount, cancellationToken)).Select(ApiTokenInfo.From).ToList();

    /// <summary>Revokes a live token of a service account; false when it has no live token of that id.</summary>
    internal async Task<bool> RevokeForServiceAccountAsync(string serviceAccount, string id, AuditActor actor, CancellationToken cancellationToken)
    {
        var token = await tokens.FindAsync(id, cancellationToken);
        if (token is null || token.ServiceAccount != serviceAccount)
        {
            return false;
        }
        var revoked = await tokens.RevokeAsync(id, actor.Id, time.GetUtcNow(), cancellationToken);
        if (revoked)
        {
            logger.LogInformation("API token {TokenId} of service account {ServiceAccount} revoked by {User}", id, serviceAccount, actor.Id);
            await audit.AppendAsync(
                new AuditEntry(actor, "token.revoke", "api-token", id, Details: new JsonObject { ["serviceAccount"] = serviceAccount }), cancellationToken);
        }
        return revoked;
    }

    private static JsonObject ScopeDetails(ApiTokenScope scope)
    {
        var details = new JsonObject
        {
            ["role"] = scope.Role,
            ["environments"] = Patterns(scope.Environments),
            ["services"] = Patterns(scope.Services),
        };
        if (scope.Teams is not null)
        {
            // Only when set, so the records of tokens from before team scopes read as they always did.
            details["teams"] = Patterns(scope.Teams);
        }
        return details;
    }

    private static JsonArray? Patterns(IReadOnlyList<string>? patterns) => patterns is null ? null : new JsonArray(patterns.Select(p => (JsonNode?)p).ToArray());

    private static AuditActor Actor(PortalUser user, string? address) => new(user.Id, user.Name, user.Method, address);

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex(@"\Aprt_(?<id>[0-9a-f]{12})_(?<secret>[A-Za-z0-9_-]{43})\z")]
    private static partial Regex TokenShape();
}

/// <summary>A token request that cannot be honoured, naming the field.</summary>
public sealed class ApiTokenException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

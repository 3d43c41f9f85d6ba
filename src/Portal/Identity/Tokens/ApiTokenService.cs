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
    DateTimeOffset? LastUsedAt, string? LastUsedAddress)
{
    public static ApiTokenInfo From(ApiTokenRecord token) =>
        new(token.Id, token.Name, token.Subject, token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.LastUsedAt, token.LastUsedAddress);
}

/// <summary>A token just created: the only time its full value exists outside the caller's hands.</summary>
public sealed record CreatedApiToken(ApiTokenInfo Token, string Value);

/// <summary>
/// Personal access tokens for pipelines and scripts (<c>Authorization: Bearer prt_…</c>). A token acts as the user who
/// created it, with the groups they had then, until it expires or is revoked. Its value is <c>prt_&lt;id&gt;_&lt;secret&gt;</c>:
/// the id finds the row, the 256-bit secret is compared by hash in constant time, and the prefix lets secret scanners
/// (GitHub's, GitLab's) recognise a leaked one.
/// </summary>
public sealed partial class ApiTokenService(ApiTokenRepository tokens, AuditLog audit, TimeProvider time, ILogger<ApiTokenService> logger)
{
    public const string Prefix = "prt_";
    public const int MaxNameLength = 64;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    // Writing the last use on every call would turn each API read into a database write.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async Task<CreatedApiToken> CreateAsync(PortalUser owner, string? name, TimeSpan lifetime, string? address = null, CancellationToken cancellationToken = default)
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
        var record = new ApiTokenRecord(id, owner.Id, owner.Name, owner.Groups, name, Hash(secret), owner.Id, now, now + lifetime, null, null, null, null);
        await tokens.InsertAsync(record, cancellationToken);
        await audit.AppendAsync(
            new AuditEntry(Actor(owner, address), "token.create", "api-token", id, Details: new JsonObject
            {
                ["name"] = name,
                ["expiresAt"] = record.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            }),
            cancellationToken);
        logger.LogInformation("API token {TokenId} '{TokenName}' created for {User}, expires {Expires:O}", id, name, owner.Id, record.ExpiresAt);
        return new CreatedApiToken(ApiTokenInfo.From(record), $"{Prefix}{id}_{secret}");
    }

    /// <summary>The user a presented token acts as, or null when it is malformed, unknown, wrong, expired or revoked.</summary>
    public async Task<PortalUser?> AuthenticateAsync(string presented, string? address, CancellationToken cancellationToken = default)
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
        if (token.LastUsedAt is null || now - token.LastUsedAt >= TouchInterval || token.LastUsedAddress != address)
        {
            await tokens.TouchAsync(token.Id, now, address, cancellationToken);
        }
        return new PortalUser(token.Subject, token.SubjectName, null, token.Groups, $"token:{token.Id}");
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(PortalUser owner, CancellationToken cancellationToken = default) =>
        (await tokens.ListAsync(owner.Id, cancellationToken)).Select(ApiTokenInfo.From).ToList();

    /// <summary>Revokes one of the user's own tokens; false when there is no such live token of theirs.</summary>
    public async Task<bool> RevokeAsync(PortalUser owner, string id, string? address = null, CancellationToken cancellationToken = default)
    {
        var token = await tokens.FindAsync(id, cancellationToken);
        if (token is null || token.Subject != owner.Id)
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

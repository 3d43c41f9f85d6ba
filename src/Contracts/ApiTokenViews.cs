namespace PortalRelease.Contracts;

/// <summary>
/// An API token as its owner (or an admin, for a service account's) sees it: everything but its value.
/// <see cref="Subject"/> is who it acts as; <see cref="RevokedAt"/> is set once revoked.
/// </summary>
public sealed record ApiTokenView(
    string Id,
    string Name,
    string Subject,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt,
    string? LastUsedAddress,
    ApiTokenScopeView Scope);

/// <summary>
/// What a token is limited to on top of its owner's grants: at most <see cref="Role"/>, only environments, services and
/// teams matching one of the patterns. A null part is unrestricted.
/// </summary>
public sealed record ApiTokenScopeView(
    string? Role, IReadOnlyList<string>? Environments, IReadOnlyList<string>? Services, IReadOnlyList<string>? Teams = null);

/// <summary>
/// The 201 answer of <c>POST /api/tokens</c> and <c>POST /api/service-accounts/{name}/tokens</c>: the token and its
/// <see cref="Value"/> (<c>prt_…</c>), the only time the portal ever shows it. Keep it secret; never log it.
/// </summary>
public sealed record CreatedApiTokenView(ApiTokenView Token, string Value)
{
    /// <summary>The value stays out of logs and exception messages that print records.</summary>
    public override string ToString() => $"CreatedApiTokenView {{ Token = {Token}, Value = *** }}";
}

/// <summary>
/// The body of <c>POST /api/tokens</c> and <c>POST /api/service-accounts/{name}/tokens</c>. <see cref="ExpiresInDays"/>
/// is 1 to 366 (90 when left out); <see cref="Role"/> and the pattern lists narrow the token (left out: all the owner may do).
/// </summary>
public sealed record CreateTokenRequest(
    string? Name, int? ExpiresInDays, string? Role, IReadOnlyList<string>? Environments, IReadOnlyList<string>? Services, IReadOnlyList<string>? Teams);

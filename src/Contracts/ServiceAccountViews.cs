namespace PortalRelease.Contracts;

/// <summary>
/// A service account (a non-human principal, id <c>sa:&lt;name&gt;</c>) as <c>/api/service-accounts</c> serves it, with
/// its tokens (never their values). An account is never deleted, only disabled.
/// </summary>
public sealed record ServiceAccountView(
    string Id,
    string Name,
    string DisplayName,
    string Description,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt,
    string? DisabledBy,
    IReadOnlyList<ApiTokenView> Tokens)
{
    public bool Disabled { get; init; }
}

/// <summary>The body of <c>POST /api/service-accounts</c>.</summary>
public sealed record CreateServiceAccountRequest(string? Name, string? DisplayName, string? Description);

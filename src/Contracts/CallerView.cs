namespace PortalRelease.Contracts;

/// <summary>
/// Who the portal takes the caller to be, as <c>GET /api/access/me</c> serves it: the user id, display name, how they
/// authenticated (<c>token:…</c>, <c>local</c>, <c>oidc</c>, <c>development</c>), their groups and the grants that apply.
/// </summary>
public sealed record CallerView(string User, string Name, string Method, IReadOnlyList<string> Groups, IReadOnlyList<AccessGrantView> Grants);

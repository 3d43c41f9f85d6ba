using System.Text.Json;

namespace PortalRelease.Contracts;

/// <summary>
/// Who the portal takes the caller to be, as <c>GET /api/access/me</c> serves it: the user id, display name, how they
/// authenticated (<c>token</c>, <c>local</c>, <c>oidc</c>, <c>development</c>), their groups and the grants that apply.
/// </summary>
public sealed record CallerView(string User, string? Name, string? Method, IReadOnlyList<string> Groups)
{
    /// <summary>The grants as the portal serves them (kept as JSON: a grant's shape is the access API's own).</summary>
    public JsonElement Grants { get; init; }
}

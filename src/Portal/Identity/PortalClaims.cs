namespace PortalRelease.Portal.Identity;

/// <summary>
/// The claims every portal principal carries, whatever signed it in: one shape, so services read a user the same way
/// whether it came from a local account, an OpenID provider, a token or the development identity.
/// </summary>
public static class PortalClaims
{
    /// <summary>The stable user id: what the journal records as the actor and what roles name.</summary>
    public const string UserId = "portal:uid";

    /// <summary>The display name.</summary>
    public const string Name = "portal:name";

    public const string Email = "portal:email";

    /// <summary>One claim per group the user belongs to.</summary>
    public const string Group = "portal:group";

    /// <summary>How the user authenticated: <c>local</c>, <c>oidc</c>, <c>development</c>, <c>token:&lt;id&gt;</c>…</summary>
    public const string Method = "portal:amr";

    /// <summary>
    /// A token's scope narrows what its owner's grants allow: the most it may do (one role name from
    /// <see cref="Access.AccessRoles"/>) and, one claim per pattern, the environments, services and owning teams it may act in.
    /// Absent: the token may do all its owner may.
    /// </summary>
    public const string ScopeRole = "portal:scope-role";

    public const string ScopeEnvironment = "portal:scope-env";

    public const string ScopeService = "portal:scope-svc";

    /// <summary>One claim per team pattern: the token acts only on services the catalog says those teams own.</summary>
    public const string ScopeTeam = "portal:scope-team";

    /// <summary>An identity of the given method with the portal's name and role claim types.</summary>
    public static System.Security.Claims.ClaimsIdentity Identity(string authenticationType, PortalUser user)
    {
        var identity = new System.Security.Claims.ClaimsIdentity(authenticationType, Name, Group);
        identity.AddClaim(new(UserId, user.Id));
        identity.AddClaim(new(Name, user.Name));
        if (user.Email is { Length: > 0 } email)
        {
            identity.AddClaim(new(Email, email));
        }
        foreach (var group in user.Groups)
        {
            identity.AddClaim(new(Group, group));
        }
        identity.AddClaim(new(Method, user.Method));
        return identity;
    }
}

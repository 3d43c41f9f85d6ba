using PortalRelease.Contracts;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Api;

/// <summary>API tokens as the API serves them (the contracts), from the token service's own records.</summary>
public static class TokenViews
{
    public static ApiTokenView ToView(this ApiTokenInfo token) => new(
        token.Id, token.Name, token.Subject, token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.LastUsedAt, token.LastUsedAddress, token.Scope.ToView());

    public static ApiTokenScopeView ToView(this ApiTokenScope scope) => new(scope.Role, scope.Environments, scope.Services, scope.Teams);

    /// <summary>The one answer that carries a token's value: the caller sees it this once.</summary>
    public static CreatedApiTokenView ToView(this CreatedApiToken created) => new(created.Token.ToView(), created.Value);
}

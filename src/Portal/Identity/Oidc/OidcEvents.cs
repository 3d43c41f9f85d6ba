using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Identity.Oidc;

/// <summary>
/// The sign-in's steps at the portal's side: machine calls and non-page requests get 401 instead of a trip to the
/// provider; the validated ID token and the user info are kept as JSON (their shape matters: an array of groups is one
/// group per element, a string is a list) and mapped onto the portal's claims when the ticket is complete; a sign-in
/// the mapping refuses, or the provider declines, lands on the sign-in page with a note, the reason in the log.
/// </summary>
internal sealed partial class OidcEvents(IOptions<AuthOptions> auth, AuditLog audit, ILogger<OidcEvents> logger) : OpenIdConnectEvents
{
    private const string SourcesKey = "portal:oidc-sources";
    private const string Unknown = "(unknown account)";
    private const string FailedPath = IdentityServiceExtensions.LoginPath + "?failed=1";

    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        var request = context.Request;
        if (RequestKind.IsMachine(request) || !HttpMethods.IsGet(request.Method)
            || !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.HandleResponse();
        }
        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        // Validated by the handler (signature, issuer, audience, nonce) before this event: only its payload is read here.
        var idToken = context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage?.IdToken;
        if (idToken?.Split('.') is [_, var payload, _])
        {
            using var document = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(payload));
            Sources(context.HttpContext).Insert(0, document.RootElement.Clone());
        }
        return Task.CompletedTask;
    }

    public override Task UserInformationReceived(UserInformationReceivedContext context)
    {
        Sources(context.HttpContext).Add(context.User.RootElement.Clone());
        return Task.CompletedTask;
    }

    public override async Task TicketReceived(TicketReceivedContext context)
    {
        var result = OidcUserMapper.Map(auth.Value.Oidc.Claims, Sources(context.HttpContext));
        if (result.User is not { } user)
        {
            // Not context.Fail: at this step a failure would still sign in the provider's unmapped principal.
            LogFailed(logger, result.Error!);
            await AuditRefusedAsync(context.HttpContext, result.Error!);
            context.Response.Redirect(FailedPath);
            context.HandleResponse();
            return;
        }
        context.Principal = new ClaimsPrincipal(PortalClaims.Identity(OidcUserMapper.Method, user));
        // Keep the ID token alone (the hint for signing out at the provider): access and refresh tokens would only make
        // the cookie a bearer credential for the provider's APIs.
        if (context.Properties?.GetTokenValue("id_token") is { } idToken)
        {
            context.Properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
        }
        LogSignedIn(logger, user.Id, user.Groups.Count);
        await audit.AppendAsync(
            new AuditEntry(new AuditActor(user.Id, user.Name, OidcUserMapper.Method, Address(context.HttpContext)), "auth.sign-in", "account", user.Id,
                AuditOutcomes.Ok, new JsonObject { ["groups"] = user.Groups.Count }),
            context.HttpContext.RequestAborted);
    }

    public override async Task RemoteFailure(RemoteFailureContext context)
    {
        // The reason may quote the provider's error description: bounded, it is still worth the operator's reading.
        var reason = context.Failure?.Message ?? "unknown";
        reason = reason.Length > 300 ? reason[..300] + "…" : reason;
        LogFailed(logger, reason);
        await AuditRefusedAsync(context.HttpContext, reason);
        context.Response.Redirect(FailedPath);
        context.HandleResponse();
    }

    // Who it was is unknown or untrustworthy when a sign-in is refused: recorded as the local sign-in records an unknown name.
    private Task<long> AuditRefusedAsync(HttpContext context, string reason) =>
        audit.AppendAsync(
            new AuditEntry(new AuditActor(Unknown, Unknown, OidcUserMapper.Method, Address(context)), "auth.sign-in", "account", Unknown,
                "refused", new JsonObject { ["reason"] = reason }),
            context.RequestAborted);

    private static string? Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    private static List<JsonElement> Sources(HttpContext context)
    {
        if (context.Items[SourcesKey] is not List<JsonElement> sources)
        {
            context.Items[SourcesKey] = sources = [];
        }
        return sources;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed in with OpenID Connect: user {UserId}, {Groups} groups.")]
    private static partial void LogSignedIn(ILogger logger, string userId, int groups);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing in with OpenID Connect failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}

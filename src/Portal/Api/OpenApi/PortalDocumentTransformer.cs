using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PortalRelease.Portal.Api.OpenApi;

/// <summary>
/// What the document says as a whole: its title, and how a caller authenticates. <c>/api</c> takes an API token as a
/// bearer token (or as basic auth's password, for senders that speak only that), or a CI system's OIDC token; the
/// sign-in cookie never authenticates it. The server list is left out: the portal does not know the address it is
/// reached by behind a proxy, and a wrong one is worse than none (clients resolve paths against the document's URL).
/// </summary>
internal sealed class PortalDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "apiToken";
    public const string BasicScheme = "apiTokenBasic";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "PortalRelease API",
            Version = "v1",
            Description = "Start, follow and steer releases; manage templates, targets, gates and access. "
                + "Errors are application/problem+json (RFC 9457); a request that is not valid names each bad field under 'errors'.",
        };
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "prt_ API token, or a CI system's OIDC JWT",
                Description = "An API token of a user or service account (Authorization: Bearer prt_…), or a CI system's OIDC token where Portal:Auth:Ci trusts its issuer.",
            },
            [BasicScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "basic",
                Description = "An API token as the password of basic auth (any user name), for senders that speak only basic auth, such as Alertmanager.",
            },
        };
        return Task.CompletedTask;
    }
}

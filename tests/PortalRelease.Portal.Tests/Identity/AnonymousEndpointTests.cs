using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>
/// The test that cannot be forgotten: every endpoint the running portal maps, enumerated from its own
/// <see cref="EndpointDataSource"/>, is tried without credentials. Only the endpoints listed here may answer an anonymous
/// caller; every other one refuses (401, or a redirect to sign-in for pages) and changes nothing in the database. A new
/// route is covered the day it is mapped; a new anonymous one fails here until it is added on purpose.
/// </summary>
public sealed class AnonymousEndpointTests
{
    // Route patterns that may be reached anonymously, and why.
    private static readonly HashSet<string> Anonymous = new(StringComparer.Ordinal)
    {
        "/healthz",       // probes of load balancers and orchestrators
        "/healthz/live",  // the orchestrator's liveness probe
        "/healthz/ready", // the load balancer's readiness probe
        "/metrics",       // Prometheus scrapes (docs/security.md)
        "/account/login", // the way in
        "/account/login/oidc", // Oidc mode: hands the browser to the identity provider (404 in the other modes)
        "/openapi/{documentName}.json", // the API's description, the same text as docs/openapi/v1.json (404 for other names)
    };

    [Fact]
    public async Task EveryEndpoint_Anonymous_IsRefusedAndChangesNothing_ExceptTheListedOnes()
    {
        await using var portal = new LocalPortal();
        using var browser = portal.Browser();
        (await browser.GetAsync("/healthz")).Dispose();
        var endpoints = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var allowedAnonymous = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null && !PortalEndpoints.IsStaticAsset(e))
            .Select(e => PortalEndpoints.Pattern(e))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Anonymous.Order(), allowedAnonymous.Order());

        var before = await PortalEndpoints.SnapshotAsync(portal.Home.DatabaseFile);
        var failures = new List<string>();
        var tried = 0;
        foreach (var endpoint in endpoints.Where(e => !PortalEndpoints.IsStaticAsset(e) && !Anonymous.Contains(PortalEndpoints.Pattern(e))))
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                tried++;
                var path = PortalEndpoints.Fill(endpoint.RoutePattern);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is not "GET" and not "HEAD" and not "OPTIONS")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }
                using var response = await browser.SendAsync(request);
                var refused = response.StatusCode == HttpStatusCode.Unauthorized
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) == true);
                if (!refused)
                {
                    failures.Add($"{method} {path} ({PortalEndpoints.Pattern(endpoint)}) answered {(int)response.StatusCode} to an anonymous caller");
                }
            }
        }

        Assert.True(tried > 40, $"Only {tried} endpoint methods found: the enumeration is broken.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(before, await PortalEndpoints.SnapshotAsync(portal.Home.DatabaseFile));
    }
}

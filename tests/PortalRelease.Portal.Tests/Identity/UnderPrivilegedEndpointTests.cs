using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Tests.Gates;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>
/// The other half of the test that cannot be forgotten: every mutating endpoint the running portal maps, tried by a
/// signed-in user who holds only the viewer role, answers 403 problem+json and changes nothing in the database. The
/// services check before they read their input, so even a body that would be invalid is refused as forbidden, not
/// judged. Only the endpoints listed here may be called by any signed-in user.
/// </summary>
public sealed class UnderPrivilegedEndpointTests
{
    // Mutating routes every signed-in user may call, and why.
    private static readonly HashSet<string> ForEveryone = new(StringComparer.Ordinal)
    {
        "POST /account/logout",       // one's own session
        "POST /api/tokens",           // one's own tokens: a token has at most its owner's grants
        "DELETE /api/tokens/{id}",
    };

    // Reads that need more than viewer.
    private static readonly string[] AdminReads = ["/api/access/grants", "/api/access/users", "/api/access/users/dev-user", "/api/service-accounts", "/api/audit", "/api/audit/verify", "/api/audit/export?format=csv", "/audit/export?format=jsonl", "/api/cluster/nodes"];

    // Every hub method the portal has, and the test that shows who may call it. Hub methods change nothing: a command
    // goes through the API or a page, into the services that check it.
    private static readonly Dictionary<string, string> HubMethods = new(StringComparer.Ordinal)
    {
        ["ReleasesHub.Events"] = $"{nameof(ViewAccessTests)}.{nameof(ViewAccessTests.Events_OfAReleaseTheCallerMayNotView_IsRefused_AndAViewerThereGetsTheStream)}; anonymous: {nameof(LocalSignInTests)}",
    };

    [Fact]
    public void EveryHubMethod_IsAReadWhoseAccessIsTested()
    {
        var declared = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Microsoft.AspNetCore.SignalR.Hub)))
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName)
                .Select(m => $"{t.Name}.{m.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        // A new hub method fails here until it is listed with the test that refuses it to those who may not call it.
        Assert.Equal(HubMethods.Keys.Order(StringComparer.Ordinal), declared);
    }

    [Fact]
    public async Task EveryMutatingEndpoint_ByAViewer_Is403AndChangesNothing()
    {
        await using var portal = new GatesPortal(new Dictionary<string, string>
        {
            ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
            ["Portal:Access:Grants:0:User"] = "dev-user",
            ["Portal:Access:Grants:0:Role"] = "admin",
            ["Portal:Access:Grants:1:Everyone"] = "true",
            ["Portal:Access:Grants:1:Role"] = "viewer",
            // The engine samples telemetry even while the release rests in its pause: no sample may land during the calls.
            ["Portal:Engine:SampleInterval"] = "01:00:00",
        });
        var id = await portal.StartAsync("""
            name: viewer-target
            service: checkout
            stages:
              - { name: prod, targets: [sandbox-eu], steps: [{ pause: { duration: 10m } }] }
            """, "1.0.0", author: "dev-user");
        // The engine writes until the release rests in its ten-minute pause; only then is the database still.
        await portal.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "PauseStarted"), "the release to rest in its pause");
        var endpoints = portal.Ops.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !PortalEndpoints.IsStaticAsset(e) && !IsPageOrCircuit(e))
            .ToList();

        var before = await PortalEndpoints.SnapshotAsync(portal.Ops.Home.DatabaseFile);
        var failures = new List<string>();
        var tried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var pattern = PortalEndpoints.Pattern(endpoint);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                if (method is "GET" or "HEAD" or "OPTIONS" || ForEveryone.Contains($"{method} {pattern}"))
                {
                    continue;
                }
                tried.Add($"{method} {pattern}");
                var path = PortalEndpoints.Fill(endpoint.RoutePattern).Replace("/x/", $"/{id}/", StringComparison.Ordinal);
                var response = await SendAsync(portal, new HttpMethod(method), path, pattern == "/api/templates");
                if (!IsForbiddenProblem(response))
                {
                    failures.Add($"{method} {path} ({pattern}) answered {(int)response.Status} to a viewer: {Input(response.Body)}");
                }
            }
        }
        foreach (var read in AdminReads)
        {
            var response = await SendAsync(portal, HttpMethod.Get, read, yaml: false);
            if (!IsForbiddenProblem(response))
            {
                failures.Add($"GET {read} answered {(int)response.Status} to a viewer");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(tried.Count > 15, $"Only {tried.Count} mutating endpoint methods found: the enumeration is broken.");
        // Spot checks that the enumeration reaches routes added later (the service catalog's).
        Assert.Contains("PUT /api/services/{name}", tried);
        Assert.Contains("DELETE /api/services/{name}", tried);
        var after = await PortalEndpoints.SnapshotAsync(portal.Ops.Home.DatabaseFile);
        Assert.Equal(string.Join(", ", before.Select(t => $"{t.Key}={t.Value}")), string.Join(", ", after.Select(t => $"{t.Key}={t.Value}")));
    }

    private static async Task<GateResponse> SendAsync(GatesPortal portal, HttpMethod method, string path, bool yaml)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Portal-User", "vic");
        if (method != HttpMethod.Get)
        {
            request.Content = yaml
                ? new StringContent("name: sneaky\nstages: []\n", Encoding.UTF8, "application/yaml")
                : new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var response = await portal.Ops.Http.SendAsync(request);
        return new GateResponse(response.StatusCode, await response.Content.ReadAsStringAsync())
        {
            ContentType = response.Content.Headers.ContentType?.MediaType,
        };
    }

    private static bool IsForbiddenProblem(GateResponse response) =>
        response.Status == HttpStatusCode.Forbidden && response.ContentType == "application/problem+json" && response.Detail.Contains("vic may not", StringComparison.Ordinal);

    // Pages answer POST only for their own forms (sign-in, one's password); circuits and hubs are checked per method elsewhere.
    private static bool IsPageOrCircuit(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name == "ComponentTypeMetadata")
        || PortalEndpoints.Pattern(endpoint) is var pattern && (pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("/hubs/", StringComparison.Ordinal));

    private static string Input(string body) => body.Length > 300 ? body[..300] : body;
}

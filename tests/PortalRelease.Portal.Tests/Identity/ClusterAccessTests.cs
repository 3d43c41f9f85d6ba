using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>
/// Access changed on one node of a cluster holds on every node at once: each node caches the stored grants and the
/// service catalog, and a change made through another node must reach that cache (PostgreSQL's <c>portal_wake</c>,
/// sent in the change's transaction) — above all a revoked grant, which a stale cache would go on honouring.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterAccessTests(PostgresServer server)
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Grant_AddedThenRevokedOnNodeA_HoldsOnNodeBAtOnce()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = new Dictionary<string, string>(server.PortalSettings(database))
        {
            ["Portal:Engine:AllowIdentityHeader"] = "true",
            ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
            ["Portal:Access:Grants:0:User"] = "dev-user",
            ["Portal:Access:Grants:0:Role"] = "admin",
        };
        await using var a = new TestPortal(settings);
        await using var b = new TestPortal(settings);
        // Node B has read (and cached) the stored grants: vic has none.
        Assert.Equal(HttpStatusCode.Forbidden, await GrantsAsAsync(b, "vic"));

        string id;
        using (var granted = await a.Http.PostAsJsonAsync("/api/access/grants", new { user = "vic", role = "admin" }))
        {
            Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
            using var body = JsonDocument.Parse(await granted.Content.ReadAsStringAsync());
            id = body.RootElement.GetProperty("id").GetString()!;
        }
        await Poll.UntilAsync(async () => await GrantsAsAsync(b, "vic") == HttpStatusCode.OK, "node B to honour the grant made on node A", Promptly);

        using (var revoked = await a.Http.DeleteAsync($"/api/access/grants/{id}"))
        {
            Assert.True(revoked.IsSuccessStatusCode, $"revoking answered {(int)revoked.StatusCode}");
        }
        await Poll.UntilAsync(async () => await GrantsAsAsync(b, "vic") == HttpStatusCode.Forbidden, "node B to refuse after the revocation on node A", Promptly);
        await server.DropDatabaseAsync(database);
    }

    private static async Task<HttpStatusCode> GrantsAsAsync(TestPortal portal, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/access/grants");
        request.Headers.Add("X-Portal-User", user);
        using var response = await portal.Http.SendAsync(request);
        return response.StatusCode;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Tokens;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>
/// Tokens scoped by team (body key <c>teams</c>): like a grant's teams, a token limited to team payments acts only on
/// services the service catalog says payments owns — refused (403, nothing changed) on finance's ledger, allowed on
/// payments-api — whether it is a service account's or a person's own; stored, listed and audited with the scope.
/// </summary>
public sealed class TokenTeamScopeTests
{
    private static readonly PortalUser Admin = new("admin", "Administrator", null, ["admins"], "local");

    [Fact]
    public async Task ServiceAccountToken_ScopedToTeamPayments_Is403OnAnotherTeamsService_AndChangesNothing()
    {
        await using var portal = await CatalogPortalAsync();
        using var admin = await AdminAsync(portal);
        var token = await ServiceAccountTokenAsync(admin, """{"name":"ci","teams":["payments"]}""");
        using var bot = Client(portal, token);

        using var refused = await bot.PostAsync("/api/quarantine", Json("""{"service":"ledger","version":"1.0.0","reason":"bad build"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("The token used may not", detail, StringComparison.Ordinal);
        Assert.Contains("owned by teams payments", detail, StringComparison.Ordinal);
        Assert.Contains("team finance owns 'ledger'", detail, StringComparison.Ordinal);
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/quarantine")).GetArrayLength());
        Assert.Empty(await QueryAsync(portal, "quarantine"));
    }

    [Fact]
    public async Task ServiceAccountToken_ScopedToTeamPayments_ActsOnItsOwnTeamsService()
    {
        await using var portal = await CatalogPortalAsync();
        using var admin = await AdminAsync(portal);
        var token = await ServiceAccountTokenAsync(admin, """{"name":"ci","teams":["pay*"]}""");
        using var bot = Client(portal, token);

        using var marked = await bot.PostAsync("/api/quarantine", Json("""{"service":"payments-api","version":"1.0.0","reason":"bad build"}"""));

        Assert.Equal(HttpStatusCode.Created, marked.StatusCode);
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>("/api/quarantine")).GetArrayLength());
    }

    [Fact]
    public async Task ServiceAccountToken_ScopedToATeam_CannotActOnAnUnregisteredService()
    {
        await using var portal = await CatalogPortalAsync();
        using var admin = await AdminAsync(portal);
        var token = await ServiceAccountTokenAsync(admin, """{"name":"ci","teams":["payments"]}""");
        using var bot = Client(portal, token);

        using var refused = await bot.PostAsync("/api/quarantine", Json("""{"service":"payments-unlisted","version":"1.0.0","reason":"bad build"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("not in the service catalog", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/quarantine")).GetArrayLength());
    }

    [Fact]
    public async Task PersonalToken_ScopedToTeamPayments_IsRefusedOnFinancesService_ThoughItsOwnerIsAdmin()
    {
        await using var portal = await CatalogPortalAsync();
        using var admin = await AdminAsync(portal);
        var scoped = await portal.Services.GetRequiredService<ApiTokenService>().CreateAsync(
            Admin, "payments only", TimeSpan.FromDays(1), ApiTokenScope.Parse(null, null, null, ["payments"]));
        using var client = Client(portal, scoped.Value);

        using var refused = await client.PostAsync("/api/quarantine", Json("""{"service":"ledger","version":"1.0.0","reason":"bad build"}"""));
        using var allowed = await client.PostAsync("/api/quarantine", Json("""{"service":"payments-api","version":"1.0.0","reason":"bad build"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var marks = (await admin.GetFromJsonAsync<JsonElement>("/api/quarantine")).EnumerateArray().Select(m => m.GetProperty("service").GetString());
        Assert.Equal(["payments-api"], marks);
    }

    [Fact]
    public async Task ServiceAccountToken_WithTeams_IsListedAndAuditedWithThem()
    {
        await using var portal = await CatalogPortalAsync();
        using var admin = await AdminAsync(portal);
        await ServiceAccountTokenAsync(admin, """{"name":"ci","teams":["payments","pay*"]}""");

        var listed = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/service-accounts")).EnumerateArray());
        var scope = Assert.Single(listed.GetProperty("tokens").EnumerateArray()).GetProperty("scope");
        Assert.Equal(["payments", "pay*"], scope.GetProperty("teams").EnumerateArray().Select(t => t.GetString()));
        var created = Assert.Single(await QueryAsync(portal, "token.create"), r => r.Details.TryGetProperty("serviceAccount", out _));
        Assert.Equal("""["payments","pay*"]""", created.Details.GetProperty("scope").GetProperty("teams").GetRawText());
    }

    [Fact]
    public async Task PersonalTokenOverTheApi_WithTeams_IsListedWithThem()
    {
        await using var portal = new TestPortal();

        using var created = await portal.Http.PostAsync("/api/tokens", Json("""{"name":"payments","expiresInDays":30,"teams":["payments"]}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var scope = Assert.Single((await portal.Http.GetFromJsonAsync<JsonElement>("/api/tokens")).EnumerateArray()).GetProperty("scope");
        Assert.Equal(["payments"], scope.GetProperty("teams").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("/api/tokens", """ "teams":[] """)]
    [InlineData("/api/tokens", """ "teams":["pay ments"] """)]
    [InlineData("/api/tokens", """ "teams":[null] """)]
    public async Task CreateOverTheApi_BadTeams_Is400NamingTeams_AndCreatesNothing(string path, string teams)
    {
        await using var portal = new TestPortal();

        using var response = await portal.Http.PostAsync(path, Json($$"""{"name":"ci","expiresInDays":30,{{teams}}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("teams", out _), problem.GetRawText());
        Assert.Empty((await portal.Http.GetFromJsonAsync<JsonElement>("/api/tokens")).EnumerateArray());
    }

    [Fact]
    public async Task ServiceAccountToken_BadTeams_Is400NamingTeams_AndCreatesNothing()
    {
        await using var portal = await CatalogPortalAsync();
        using var admin = await AdminAsync(portal);

        using var response = await admin.PostAsync("/api/service-accounts/deploy-bot/tokens", Json("""{"name":"ci","teams":["fin ance"]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"teams\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/service-accounts")).EnumerateArray()).GetProperty("tokens").GetArrayLength());
    }

    /// <summary>
    /// Local mode; the admin is admin; sa:deploy-bot (created) may mark quarantines of any service; the catalog says
    /// payments owns payments-api and finance owns ledger.
    /// </summary>
    private static async Task<LocalPortal> CatalogPortalAsync()
    {
        var portal = new LocalPortal(new Dictionary<string, string>
        {
            ["Portal:Access:Grants:10:User"] = "admin",
            ["Portal:Access:Grants:10:Role"] = "admin",
            ["Portal:Access:Grants:11:User"] = "sa:deploy-bot",
            ["Portal:Access:Grants:11:Role"] = "operator",
        });
        using var admin = await AdminAsync(portal);
        using (var created = await admin.PostAsync("/api/service-accounts", Json("""{"name":"deploy-bot"}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        foreach (var (service, team) in new[] { ("payments-api", "payments"), ("ledger", "finance") })
        {
            using var put = await admin.PutAsync($"/api/services/{service}", Json($$"""{"team":"{{team}}"}"""));
            Assert.True(put.IsSuccessStatusCode, $"registering {service}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        }
        return portal;
    }

    private static async Task<HttpClient> AdminAsync(LocalPortal portal)
    {
        using (var browser = portal.Browser())
        {
            (await browser.GetAsync("/healthz")).Dispose();
        }
        var token = await portal.Services.GetRequiredService<ApiTokenService>().CreateAsync(Admin, "admin", TimeSpan.FromDays(1));
        return Client(portal, token.Value);
    }

    private static async Task<string> ServiceAccountTokenAsync(HttpClient admin, string body)
    {
        using var response = await admin.PostAsync("/api/service-accounts/deploy-bot/tokens", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString()!;
    }

    private static HttpClient Client(LocalPortal portal, string token)
    {
        var client = portal.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<IReadOnlyList<AuditRecord>> QueryAsync(LocalPortal portal, string action) =>
        await portal.Services.GetRequiredService<PortalRelease.Portal.Data.AuditLogQueries>().NewestAsync(
            new AuditFilter { Action = new AuditMatch(action, AuditMatchKind.Family) }, null, 100, CancellationToken.None);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

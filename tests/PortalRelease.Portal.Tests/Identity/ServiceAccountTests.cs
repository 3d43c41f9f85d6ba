using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>Service accounts over the API in the shipped Local mode: created, given scoped tokens, disabled.</summary>
public sealed class ServiceAccountTests
{
    private static readonly PortalUser Admin = new("admin", "Administrator", null, ["admins"], "local");

    [Fact]
    public async Task ServiceAccountToken_CallsTheApiAsTheAccount_AndEveryChangeIsAudited()
    {
        await using var portal = Portal(new Dictionary<string, string>
        {
            ["Portal:Access:Grants:11:User"] = "sa:deploy-bot",
            ["Portal:Access:Grants:11:Role"] = "operator",
        });
        using var admin = await AdminAsync(portal);

        using var created = await admin.PostAsync("/api/service-accounts", Json("""{"name":"deploy-bot","displayName":"Deploy bot","description":"Releases from CI"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("sa:deploy-bot", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        var token = await CreateTokenAsync(admin, "deploy-bot", """{"name":"ci","expiresInDays":7,"role":"operator","services":["checkout"]}""");
        using var bot = Client(portal, token.Value);

        using var marked = await bot.PostAsync("/api/quarantine", Json("""{"service":"checkout","version":"1.4.2","reason":"bad build"}"""));

        Assert.Equal(HttpStatusCode.Created, marked.StatusCode);
        var audit = await QueryAsync(portal, null);
        var mark = Assert.Single(audit, r => r.Action.StartsWith("quarantine", StringComparison.Ordinal));
        Assert.Equal(("sa:deploy-bot", "Deploy bot", $"token:{token.Token.Id}"), (mark.ActorId, mark.ActorName, mark.AuthMethod));
        Assert.Contains(audit, r => r is { Action: "service-account.create", ResourceId: "sa:deploy-bot", ActorId: "admin" });
        var tokenAudit = Assert.Single(audit, r => r.Action == "token.create" && r.ResourceId == token.Token.Id);
        Assert.Equal(("admin", "deploy-bot"), (tokenAudit.ActorId, tokenAudit.Details.GetProperty("serviceAccount").GetString()));
        var listed = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/service-accounts")).EnumerateArray());
        Assert.Equal(("Deploy bot", "Releases from CI", "admin", false), (
            listed.GetProperty("displayName").GetString(), listed.GetProperty("description").GetString(), listed.GetProperty("createdBy").GetString(),
            listed.GetProperty("disabled").GetBoolean()));
        var listedToken = Assert.Single(listed.GetProperty("tokens").EnumerateArray());
        Assert.Equal("operator", listedToken.GetProperty("scope").GetProperty("role").GetString());
        Assert.NotEqual(JsonValueKind.Null, listedToken.GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task DisablingAnAccount_RevokesItsTokens_AndTheyStopAuthenticating()
    {
        await using var portal = Portal();
        using var admin = await AdminAsync(portal);
        await CreateAccountAsync(admin, "deploy-bot");
        var first = await CreateTokenAsync(admin, "deploy-bot", """{"name":"one"}""");
        var second = await CreateTokenAsync(admin, "deploy-bot", """{"name":"two"}""");
        using var bot = Client(portal, first.Value);
        Assert.Equal(HttpStatusCode.OK, (await bot.GetAsync("/api/releases")).StatusCode);

        using var deleted = await admin.DeleteAsync("/api/service-accounts/deploy-bot");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.GetAsync("/api/releases")).StatusCode);
        var listed = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/service-accounts")).EnumerateArray());
        Assert.True(listed.GetProperty("disabled").GetBoolean());
        Assert.All(listed.GetProperty("tokens").EnumerateArray(), t => Assert.NotEqual(JsonValueKind.Null, t.GetProperty("revokedAt").ValueKind));
        var disable = Assert.Single(await QueryAsync(portal, "service-account.disable"));
        Assert.Equal(
            new[] { first.Token.Id, second.Token.Id }.Order(StringComparer.Ordinal),
            disable.Details.GetProperty("revokedTokens").EnumerateArray().Select(e => e.GetString()));
        using var refused = await admin.PostAsync("/api/service-accounts/deploy-bot/tokens", Json("""{"name":"again"}"""));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(2, Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/service-accounts")).EnumerateArray()).GetProperty("tokens").GetArrayLength());
    }

    [Fact]
    public async Task TokenOfADisabledAccount_NotRevoked_IsRefused()
    {
        await using var portal = Portal();
        using var admin = await AdminAsync(portal);
        await CreateAccountAsync(admin, "deploy-bot");
        var token = await CreateTokenAsync(admin, "deploy-bot", """{"name":"one"}""");
        using var bot = Client(portal, token.Value);
        Assert.Equal(HttpStatusCode.OK, (await bot.GetAsync("/api/releases")).StatusCode);

        // A token that escaped the revocation (issued in a race with the disabling, or a database restored from before it).
        await ExecuteAsync(portal, "UPDATE service_accounts SET disabled_at = '2026-01-01T00:00:00.0000000Z', disabled_by = 'admin' WHERE name = 'deploy-bot'");

        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.GetAsync("/api/releases")).StatusCode);
    }

    [Fact]
    public async Task RevokingOneToken_LeavesTheOthers()
    {
        await using var portal = Portal();
        using var admin = await AdminAsync(portal);
        await CreateAccountAsync(admin, "deploy-bot");
        var revoked = await CreateTokenAsync(admin, "deploy-bot", """{"name":"one"}""");
        var kept = await CreateTokenAsync(admin, "deploy-bot", """{"name":"two"}""");

        using var response = await admin.DeleteAsync($"/api/service-accounts/deploy-bot/tokens/{revoked.Token.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var revokedClient = Client(portal, revoked.Value);
        using var keptClient = Client(portal, kept.Value);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revokedClient.GetAsync("/api/releases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await keptClient.GetAsync("/api/releases")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/service-accounts/other/tokens/{kept.Token.Id}")).StatusCode);
    }

    public static TheoryData<string, string> BadAccounts() => new()
    {
        { """{"name":"Deploy"}""", "name" },
        { """{"name":""}""", "name" },
        { """{}""", "name" },
        { """{"name":"sa:deploy"}""", "name" },
        { """{"name":"deploy_bot"}""", "name" },
        { $$"""{"name":"{{new string('a', 64)}}"}""", "name" },
        { """{"name":"bot","displayName":"Bot\u0007"}""", "displayName" },
        { $$"""{"name":"bot","displayName":"{{new string('d', 129)}}"}""", "displayName" },
        { $$"""{"name":"bot","description":"{{new string('d', 1025)}}"}""", "description" },
    };

    [Theory]
    [MemberData(nameof(BadAccounts))]
    public async Task CreateAccount_BadInput_Is400NamingTheField_AndCreatesNothing(string body, string field)
    {
        await using var portal = Portal();
        using var admin = await AdminAsync(portal);

        using var response = await admin.PostAsync("/api/service-accounts", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/service-accounts")).EnumerateArray());
        Assert.Empty(await QueryAsync(portal, "service-account"));
    }

    [Fact]
    public async Task CreateAccount_NameTaken_Is409_AndKeepsTheFirst()
    {
        await using var portal = Portal();
        using var admin = await AdminAsync(portal);
        await CreateAccountAsync(admin, "deploy-bot");

        using var response = await admin.PostAsync("/api/service-accounts", Json("""{"name":"deploy-bot","displayName":"Impostor"}"""));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("deploy-bot", Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/service-accounts")).EnumerateArray()).GetProperty("displayName").GetString());
        Assert.Single(await QueryAsync(portal, "service-account.create"));
    }

    [Theory]
    [InlineData("""{"name":"ci","expiresInDays":0}""", "expiresInDays")]
    [InlineData("""{"name":"","expiresInDays":7}""", "name")]
    [InlineData("""{"name":"ci","role":"root"}""", "role")]
    [InlineData("""{"name":"ci","services":[]}""", "services")]
    public async Task CreateToken_BadInput_Is400NamingTheField_AndCreatesNothing(string body, string field)
    {
        await using var portal = Portal();
        using var admin = await AdminAsync(portal);
        await CreateAccountAsync(admin, "deploy-bot");

        using var response = await admin.PostAsync("/api/service-accounts/deploy-bot/tokens", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/service-accounts")).EnumerateArray()).GetProperty("tokens").GetArrayLength());
    }

    [Fact]
    public async Task UnknownAccount_Is404_ForDisableAndTokens()
    {
        await using var portal = Portal();
        using var admin = await AdminAsync(portal);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/service-accounts/ghost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/service-accounts/ghost/tokens", Json("""{"name":"ci"}"""))).StatusCode);
        Assert.Empty(await QueryAsync(portal, "service-account"));
        Assert.Empty(await QueryAsync(portal, "token"));
    }

    [Fact]
    public async Task ManagingAccounts_WithoutManageAccess_Is403_AndChangesNothing()
    {
        await using var portal = Portal();
        using var admin = await AdminAsync(portal);
        await CreateAccountAsync(admin, "deploy-bot");
        var deployer = new PortalUser("dana", "Dana", null, [], "local");
        using var dana = Client(portal, (await portal.Services.GetRequiredService<ApiTokenService>().CreateAsync(deployer, "mine", TimeSpan.FromDays(1))).Value);

        Assert.Equal(HttpStatusCode.Forbidden, (await dana.GetAsync("/api/service-accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dana.PostAsync("/api/service-accounts", Json("""{"name":"mine"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dana.PostAsync("/api/service-accounts/deploy-bot/tokens", Json("""{"name":"mine"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dana.DeleteAsync("/api/service-accounts/deploy-bot")).StatusCode);

        var listed = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/service-accounts")).EnumerateArray());
        Assert.Equal((false, 0), (listed.GetProperty("disabled").GetBoolean(), listed.GetProperty("tokens").GetArrayLength()));
    }

    /// <summary>The portal in Local mode where the bootstrap admin holds the admin role (and whatever else is given).</summary>
    private static LocalPortal Portal(Dictionary<string, string>? settings = null)
    {
        settings ??= [];
        settings["Portal:Access:Grants:10:User"] = "admin";
        settings["Portal:Access:Grants:10:Role"] = "admin";
        return new LocalPortal(settings);
    }

    /// <summary>A client calling as the bootstrap admin through one of its own tokens.</summary>
    private static async Task<HttpClient> AdminAsync(LocalPortal portal)
    {
        using (var browser = portal.Browser())
        {
            (await browser.GetAsync("/healthz")).Dispose();
        }
        var token = await portal.Services.GetRequiredService<ApiTokenService>().CreateAsync(Admin, "admin", TimeSpan.FromDays(1));
        return Client(portal, token.Value);
    }

    private static HttpClient Client(LocalPortal portal, string token)
    {
        var client = portal.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task CreateAccountAsync(HttpClient admin, string name)
    {
        using var response = await admin.PostAsync("/api/service-accounts", Json($$"""{"name":"{{name}}"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<CreatedApiToken> CreateTokenAsync(HttpClient admin, string account, string body)
    {
        using var response = await admin.PostAsync($"/api/service-accounts/{account}/tokens", Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedApiToken>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
    }

    /// <summary>Audit rows under an action (all when null), leaving out the admin token the tests call with.</summary>
    private static async Task<IReadOnlyList<AuditRecord>> QueryAsync(LocalPortal portal, string? action) =>
        (await portal.Services.GetRequiredService<PortalRelease.Portal.Data.AuditLogQueries>().NewestAsync(new AuditFilter { Action = action is null ? null : new AuditMatch(action, AuditMatchKind.Family) }, null, 100, CancellationToken.None))
            .Where(r => !(r.Action == "token.create" && r.Details.TryGetProperty("name", out var name) && name.GetString() == "admin"))
            .ToList();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task ExecuteAsync(LocalPortal portal, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={portal.Home.DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

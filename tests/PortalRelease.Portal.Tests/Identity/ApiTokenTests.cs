using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Tokens;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>API tokens in the shipped Local mode: how pipelines call the API, and everything a token must not do.</summary>
public sealed class ApiTokenTests
{
    private static readonly PortalUser Admin = new("admin", "Administrator", null, ["admins"], "local");

    [Fact]
    public async Task BearerToken_CallsTheApiAsItsOwner_AndTheJournalRecordsTheOwner()
    {
        await using var portal = new LocalPortal();
        var token = await CreateAsync(portal, "pipeline");
        using var client = portal.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);

        var id = await new TestClient(client).CreateReleaseAsync("quick-canary", "1.0.0");

        Assert.Equal("admin", await ScalarAsync(portal, $"SELECT actor FROM journal WHERE release_id = '{id}' ORDER BY seq LIMIT 1"));
        var used = Assert.Single(await portal.Services.GetRequiredService<ApiTokenService>().ListAsync(Admin));
        Assert.NotNull(used.LastUsedAt);
        var audit = await portal.Services.GetRequiredService<PortalRelease.Portal.Data.AuditLogQueries>()
            .NewestAsync(new PortalRelease.Portal.Audit.AuditFilter { Action = new("token", PortalRelease.Portal.Audit.AuditMatchKind.Family) }, null, 10, CancellationToken.None);
        Assert.Equal(("token.create", token.Token.Id, "admin"), audit.Select(r => (r.Action, r.ResourceId, r.ActorId)).Single());
    }

    [Theory]
    [InlineData("Bearer prt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Token abc")]
    [InlineData("Bearer")]
    public async Task WrongOrMalformedCredential_Is401_AndCreatesNothing(string authorization)
    {
        await using var portal = new LocalPortal();
        await CreateAsync(portal, "real");
        using var client = portal.Browser();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        var before = await ScalarAsync(portal, "SELECT COUNT(*) FROM releases");

        using var response = await client.PostAsync("/api/releases", Json("""{"template":"quick-canary","version":"1.0.0"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await ScalarAsync(portal, "SELECT COUNT(*) FROM releases"));
    }

    [Fact]
    public async Task TokenWithTheRightIdButAnotherSecret_Is401()
    {
        await using var portal = new LocalPortal();
        var token = await CreateAsync(portal, "real");
        using var client = portal.Browser();
        var forged = token.Value[..^4] + (token.Value.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        using var response = await client.GetAsync("/api/releases");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("unknown, expired or revoked", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedOrExpiredToken_Is401()
    {
        await using var portal = new LocalPortal();
        var revoked = await CreateAsync(portal, "revoked");
        var expired = await CreateAsync(portal, "expired");
        Assert.True(await portal.Services.GetRequiredService<ApiTokenService>().RevokeAsync(Admin, revoked.Token.Id));
        await ExecuteAsync(portal, $"UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00.0000000Z' WHERE id = '{expired.Token.Id}'");

        foreach (var token in new[] { revoked, expired })
        {
            using var client = portal.Browser();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/releases")).StatusCode);
        }
    }

    [Fact]
    public async Task TokenAsBasicAuthPassword_WorksForSendersThatOnlySpeakBasic()
    {
        await using var portal = new LocalPortal();
        var token = await CreateAsync(portal, "alertmanager");
        using var client = portal.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alertmanager:" + token.Value)));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task AlertmanagerWebhook_Unauthenticated_Is401_AndRecordsNoIncident()
    {
        await using var portal = new LocalPortal();
        using var client = portal.Browser();
        var payload = AlertmanagerPayloads.Payload("firing", AlertmanagerPayloads.Alert("firing", "fp-1", "checkout"));

        using var response = await client.PostAsync("/api/webhooks/alertmanager", Json(payload.ToJsonString()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0L, await ScalarAsync(portal, "SELECT COUNT(*) FROM incidents"));
    }

    [Fact]
    public async Task Token_CannotCreateTokens()
    {
        await using var portal = new LocalPortal();
        var token = await CreateAsync(portal, "pipeline");
        using var client = portal.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);

        using var response = await client.PostAsync("/api/tokens", Json("""{"name":"persist","expiresInDays":366}"""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(await portal.Services.GetRequiredService<ApiTokenService>().ListAsync(Admin));
    }

    [Fact]
    public async Task TokenSecret_IsStoredOnlyAsAHash()
    {
        string secret;
        var home = new TempPortalHome();
        var portal = new LocalPortal(home);
        await using (portal)
        {
            var token = await CreateAsync(portal, "pipeline");
            // prt_<id>_<secret>: the secret is base64url, which may itself hold '_', so split at the first two only.
            secret = token.Value.Split('_', 3)[2];
            Assert.True(secret.Length >= 32, $"the secret part of {token.Value[..16]}… is {secret.Length} characters");
        }

        // The portal is stopped: the database and its write-ahead log hold everything it wrote, and nothing moves.
        try
        {
            var files = Directory.GetFiles(home.DataDirectory, "portal.db*");
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                Assert.DoesNotContain(secret, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)), StringComparison.Ordinal);
            }
        }
        finally
        {
            home.Dispose();
        }
    }

    [Theory]
    [InlineData("""{"name":"","expiresInDays":30}""", "name")]
    [InlineData("""{"name":"ci","expiresInDays":0}""", "expiresInDays")]
    [InlineData("""{"name":"ci","expiresInDays":2147483647}""", "expiresInDays")]
    public async Task CreateOverTheApi_BadInput_Is400NamingTheField(string body, string field)
    {
        await using var portal = new TestPortal();

        using var response = await portal.Http.PostAsync("/api/tokens", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<CreatedApiToken> CreateAsync(LocalPortal portal, string name)
    {
        using var browser = portal.Browser();
        (await browser.GetAsync("/healthz")).Dispose();
        return await portal.Services.GetRequiredService<ApiTokenService>().CreateAsync(Admin, name, TimeSpan.FromDays(30));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<object?> ScalarAsync(LocalPortal portal, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={portal.Home.DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(LocalPortal portal, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={portal.Home.DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Identity.ServiceAccounts;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Identity.Oidc;
using PortalRelease.Tests.Oidc;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>
/// CI tokens (<c>Portal:Auth:Ci</c>) issued by a real provider (oidc-provider: JWT access tokens by client credentials for a
/// resource indicator, with extra claims standing for a CI job's), mapped to a service account.
/// </summary>
public sealed class CiTokenTests(OidcProviderFixture fixture) : IClassFixture<OidcProviderFixture>
{
    private const string Audience = "https://portal.test";
    private const string Account = "payments-ci";
    private static readonly Dictionary<string, string> MainOfPayments = new() { ["repository"] = "acme/payments", ["ref"] = "refs/heads/main" };

    private OidcTestProvider Provider => fixture.Provider;

    private string Issuer => Provider.Issuer.ToString().TrimEnd('/');

    [Fact]
    public async Task ValidCiToken_CallsTheApiAsTheServiceAccount_AndTheAuditRecordsTheCiIdentity()
    {
        await using var portal = await StartAsync();
        var token = await IssueAsync(MainOfPayments);

        using var response = await SendAsync(portal, token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var mark = Assert.Single(await AuditAsync(portal, "quarantine"));
        Assert.Equal(("sa:payments-ci", "Payments CI", $"ci:{Issuer}"), (mark.ActorId, mark.ActorName, mark.AuthMethod));
    }

    [Fact]
    public async Task CiToken_RefWildcardRule_MatchesOtherBranchesOfThePattern()
    {
        await using var portal = await StartAsync(releaseBranches: true);
        var token = await IssueAsync(new() { ["repository"] = "acme/payments", ["ref"] = "refs/heads/release-2.1" });

        using var response = await SendAsync(portal, token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task CiToken_ForAnotherAudience_Is401_AndChangesNothing()
    {
        await using var portal = await StartAsync();
        var token = await IssueAsync(MainOfPayments, resource: "https://other.test");

        await AssertRefusedAsync(portal, token, "another audience");
    }

    [Fact]
    public async Task CiToken_FromAnIssuerNotConfigured_Is401_AndChangesNothing()
    {
        await using var portal = await StartAsync();
        await using var stranger = await OidcTestProvider.StartAsync(new Dictionary<string, OidcTestUser>());
        var token = await IssueAsync(MainOfPayments, provider: stranger);

        await AssertRefusedAsync(portal, token, "issuer is not configured");
    }

    [Theory]
    [InlineData("acme/payments-fork", "refs/heads/main")]
    [InlineData("acme/payments", "refs/heads/feature")]
    [InlineData("evil/acme/payments", "refs/heads/main")]
    public async Task CiToken_ClaimsMatchingNoRule_Is401_AndChangesNothing(string repository, string reference)
    {
        await using var portal = await StartAsync();
        var token = await IssueAsync(new() { ["repository"] = repository, ["ref"] = reference });

        await AssertRefusedAsync(portal, token, "match no rule");
    }

    [Fact]
    public async Task CiToken_WithoutTheRuleClaim_Is401()
    {
        await using var portal = await StartAsync();
        var token = await IssueAsync(new() { ["ref"] = "refs/heads/main" });

        await AssertRefusedAsync(portal, token, "match no rule");
    }

    [Fact]
    public async Task CiToken_Unsigned_Is401_AndChangesNothing()
    {
        await using var portal = await StartAsync();
        var parts = (await IssueAsync(MainOfPayments)).Split('.');
        var none = Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""");

        await AssertRefusedAsync(portal, $"{none}.{parts[1]}.", "signature");
    }

    [Fact]
    public async Task CiToken_SignedByAnotherKey_Is401_AndChangesNothing()
    {
        await using var portal = await StartAsync();
        var genuine = new JsonWebToken(await IssueAsync(MainOfPayments));
        using var rsa = RSA.Create(2048);
        // The same claims and key id as the provider's own token, signed with a key the provider never published.
        var forged = new JsonWebTokenHandler().CreateToken(
            Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(genuine.EncodedPayload)),
            new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = genuine.Kid }, SecurityAlgorithms.RsaSha256));

        await AssertRefusedAsync(portal, forged, "signature");
    }

    [Fact]
    public async Task CiToken_OfADisabledServiceAccount_Is401()
    {
        await using var portal = await StartAsync();
        var token = await IssueAsync(MainOfPayments);
        Assert.True(await portal.Services.GetRequiredService<ServiceAccountService>().DisableAsync(AuditActor.System("test"), Account));

        await AssertRefusedAsync(portal, token, "missing or disabled");
    }

    [Fact]
    public async Task CiToken_MappedToAMissingServiceAccount_Is401()
    {
        await using var portal = await StartAsync(createAccount: false);
        var token = await IssueAsync(MainOfPayments);

        await AssertRefusedAsync(portal, token, "missing or disabled");
    }

    [Fact]
    public async Task CiToken_OnceExpired_Is401_AndChangesNothing()
    {
        await using var portal = await StartAsync();
        var token = await IssueAsync(MainOfPayments, ttlSeconds: 1);
        using var client = portal.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/releases")).StatusCode);

        // Accepted for the clock skew the portal allows past its expiry (30 s), then refused for good.
        await Poll.UntilAsync(
            async () => (await client.GetAsync("/api/releases")).StatusCode == HttpStatusCode.Unauthorized,
            "the expired CI token to be refused", TimeSpan.FromSeconds(90));

        await AssertRefusedAsync(portal, token, "expired");
    }

    private async Task<LocalPortal> StartAsync(bool createAccount = true, bool releaseBranches = false)
    {
        var portal = new LocalPortal(new Dictionary<string, string>
        {
            ["Portal:Auth:Ci:Issuers:0:Issuer"] = Issuer,
            ["Portal:Auth:Ci:Issuers:0:Audience"] = Audience,
            ["Portal:Auth:Ci:Issuers:0:ServiceAccount"] = Account,
            ["Portal:Auth:Ci:Issuers:0:Claims:repository"] = "acme/payments",
            ["Portal:Auth:Ci:Issuers:0:Claims:ref"] = releaseBranches ? "refs/heads/release-*" : "refs/heads/main",
            ["Portal:Auth:Ci:Issuers:0:RequireHttpsMetadata"] = "false",
            ["Portal:Access:Grants:10:User"] = "sa:" + Account,
            ["Portal:Access:Grants:10:Role"] = "operator",
        });
        using (var browser = portal.Browser())
        {
            (await browser.GetAsync("/healthz")).Dispose();
        }
        if (createAccount)
        {
            await portal.Services.GetRequiredService<ServiceAccountService>().CreateAsync(AuditActor.System("test"), Account, "Payments CI", null);
        }
        return portal;
    }

    private async Task<string> IssueAsync(Dictionary<string, string> claims, string resource = Audience, int ttlSeconds = 300, OidcTestProvider? provider = null)
    {
        provider ??= Provider;
        var id = "ci-" + Guid.NewGuid().ToString("N")[..8];
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await provider.RegisterCiClientAsync(id, secret, claims, ttlSeconds);
        return await provider.IssueCiTokenAsync(id, secret, resource);
    }

    /// <summary>Marks a quarantine: a change the audit log records, allowed to the account's grant.</summary>
    private static async Task<HttpResponseMessage> SendAsync(LocalPortal portal, string token)
    {
        using var client = portal.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/quarantine")
        {
            Content = new StringContent("""{"service":"payments","version":"1.4.2","reason":"bad build"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await client.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(LocalPortal portal, string token, string why)
    {
        using var response = await SendAsync(portal, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Contains(why, challenge, StringComparison.Ordinal);
        Assert.DoesNotContain(token, challenge, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(portal, "SELECT COUNT(*) FROM quarantine"));
        Assert.Empty(await AuditAsync(portal, "quarantine"));
    }

    private static async Task<IReadOnlyList<AuditRecord>> AuditAsync(LocalPortal portal, string action) =>
        await portal.Services.GetRequiredService<PortalRelease.Portal.Data.AuditLogQueries>()
            .NewestAsync(new AuditFilter { Action = new AuditMatch(action, AuditMatchKind.Family) }, null, 100, CancellationToken.None);

    private static async Task<long> CountAsync(LocalPortal portal, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={portal.Home.DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

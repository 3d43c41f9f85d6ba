using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Tokens;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>A token's scope (role, environments, services): accepted, checked, stored, shown, audited and carried as claims.</summary>
public sealed class ApiTokenScopeTests
{
    private static readonly PortalUser Admin = new("admin", "Administrator", null, ["admins"], "local");

    [Fact]
    public async Task CreateOverTheApi_WithScope_IsListedWithItAndAudited()
    {
        await using var portal = new TestPortal();

        using var created = await portal.Http.PostAsync("/api/tokens", Json(
            """{"name":"deploy-payments","expiresInDays":30,"role":"deployer","environments":["staging","prod-*"],"services":["payments-*"]}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetProperty("id").GetString();
        var listed = Assert.Single((await portal.Http.GetFromJsonAsync<JsonElement>("/api/tokens")).EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetString());
        var scope = listed.GetProperty("scope");
        Assert.Equal("deployer", scope.GetProperty("role").GetString());
        Assert.Equal(["staging", "prod-*"], scope.GetProperty("environments").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["payments-*"], scope.GetProperty("services").EnumerateArray().Select(e => e.GetString()));
        var audit = Assert.Single(await portal.Services.GetRequiredService<PortalRelease.Portal.Data.AuditLogQueries>().NewestAsync(new AuditFilter { Action = new AuditMatch("token.create", AuditMatchKind.Family) }, null, 10, CancellationToken.None));
        Assert.Equal(
            """{"role":"deployer","environments":["staging","prod-*"],"services":["payments-*"]}""",
            audit.Details.GetProperty("scope").GetRawText());
    }

    [Fact]
    public async Task CreateOverTheApi_WithoutScope_IsUnrestricted()
    {
        await using var portal = new TestPortal();

        using var created = await portal.Http.PostAsync("/api/tokens", Json("""{"name":"all","expiresInDays":30}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var scope = Assert.Single((await portal.Http.GetFromJsonAsync<JsonElement>("/api/tokens")).EnumerateArray()).GetProperty("scope");
        Assert.Equal(JsonValueKind.Null, scope.GetProperty("role").ValueKind);
        Assert.Equal(JsonValueKind.Null, scope.GetProperty("environments").ValueKind);
        Assert.Equal(JsonValueKind.Null, scope.GetProperty("services").ValueKind);
    }

    public static TheoryData<string, string> BadScopes()
    {
        var many = string.Join(",", Enumerable.Range(0, ApiTokenScope.MaxPatterns + 1).Select(i => $"\"env-{i}\""));
        return new()
        {
            { """ "role":"root" """, "role" },
            { """ "role":"" """, "role" },
            { """ "role":"Admin" """, "role" },
            { """ "environments":[] """, "environments" },
            { $""" "environments":[{many}] """, "environments" },
            { """ "environments":[null] """, "environments" },
            { """ "environments":["prod","prod eu"] """, "environments" },
            { """ "services":["payments/*"] """, "services" },
            { $""" "services":["{new string('s', 129)}"] """, "services" },
        };
    }

    [Theory]
    [MemberData(nameof(BadScopes))]
    public async Task CreateOverTheApi_BadScope_Is400NamingTheField_AndCreatesNothing(string scope, string field)
    {
        await using var portal = new TestPortal();

        using var response = await portal.Http.PostAsync("/api/tokens", Json($$"""{"name":"ci","expiresInDays":30,{{scope}}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Empty((await portal.Http.GetFromJsonAsync<JsonElement>("/api/tokens")).EnumerateArray());
        Assert.Empty(await portal.Services.GetRequiredService<PortalRelease.Portal.Data.AuditLogQueries>().NewestAsync(new AuditFilter { Action = new AuditMatch("token", AuditMatchKind.Family) }, null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ScopedToken_Principal_CarriesOneClaimPerPattern()
    {
        await using var portal = new LocalPortal();
        var token = await CreateAsync(portal, new ApiTokenScope("approver", ["staging", "prod-*"], ["checkout"]));

        var principal = await AuthenticateAsync(portal, token.Value);

        Assert.Equal(["approver"], Values(principal, PortalClaims.ScopeRole));
        Assert.Equal(["staging", "prod-*"], Values(principal, PortalClaims.ScopeEnvironment));
        Assert.Equal(["checkout"], Values(principal, PortalClaims.ScopeService));
        Assert.Equal("admin", PortalUser.From(principal)?.Id);
    }

    [Fact]
    public async Task RoleOnlyScope_Principal_CarriesNoPatternClaims()
    {
        await using var portal = new LocalPortal();
        var token = await CreateAsync(portal, new ApiTokenScope("viewer", null, null));

        var principal = await AuthenticateAsync(portal, token.Value);

        Assert.Equal(["viewer"], Values(principal, PortalClaims.ScopeRole));
        Assert.Empty(Values(principal, PortalClaims.ScopeEnvironment));
        Assert.Empty(Values(principal, PortalClaims.ScopeService));
    }

    [Fact]
    public async Task UnscopedToken_Principal_CarriesNoScopeClaims()
    {
        await using var portal = new LocalPortal();
        var token = await CreateAsync(portal, null);

        var principal = await AuthenticateAsync(portal, token.Value);

        Assert.DoesNotContain(principal.Claims, c => c.Type is PortalClaims.ScopeRole or PortalClaims.ScopeEnvironment or PortalClaims.ScopeService);
        Assert.True(ApiTokenScope.From(principal).IsUnrestricted);
    }

    private static async Task<CreatedApiToken> CreateAsync(LocalPortal portal, ApiTokenScope? scope)
    {
        using var browser = portal.Browser();
        (await browser.GetAsync("/healthz")).Dispose();
        return await portal.Services.GetRequiredService<ApiTokenService>().CreateAsync(Admin, "pipeline", TimeSpan.FromDays(30), scope);
    }

    /// <summary>The principal the portal's own API scheme builds for a request carrying the token.</summary>
    private static async Task<ClaimsPrincipal> AuthenticateAsync(LocalPortal portal, string token)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Path = "/api/releases";
        context.Request.Headers.Authorization = "Bearer " + token;
        var result = await context.AuthenticateAsync(IdentityServiceExtensions.PortalScheme);
        Assert.True(result.Succeeded, result.Failure?.Message);
        return result.Principal!;
    }

    private static List<string> Values(ClaimsPrincipal principal, string type) => principal.FindAll(type).Select(c => c.Value).ToList();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

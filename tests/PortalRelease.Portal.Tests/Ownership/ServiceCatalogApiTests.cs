using System.Net;
using System.Text.Json;
using PortalRelease.Portal.Tests.Gates;
using PortalRelease.Portal.Tests.Identity;

namespace PortalRelease.Portal.Tests.Ownership;

/// <summary>
/// <c>/api/services</c>: every signed-in user reads the catalog; admins register, change and remove services, each
/// change audited; bad input is a 400 naming the field and changes nothing.
/// </summary>
public sealed class ServiceCatalogApiTests : IAsyncLifetime
{
    private GatesPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await OwnershipPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task PutService_ByAnAdmin_RegistersChangesAndRemoves_EachAudited()
    {
        var registered = await _portal.SendAsync("dev-user", HttpMethod.Put, "/api/services/payments-api", new { team = "payments", description = "Card payments" });
        Assert.Equal(HttpStatusCode.Created, registered.Status);
        var changed = await _portal.SendAsync("dev-user", HttpMethod.Put, "/api/services/payments-api", new { team = "finance" });
        Assert.Equal(HttpStatusCode.OK, changed.Status);

        var one = await _portal.GetAsync("vic", "/api/services/payments-api");
        Assert.Equal("finance", one.GetProperty("team").GetString());
        Assert.Equal("", one.GetProperty("description").GetString());
        Assert.Equal("dev-user", one.GetProperty("createdBy").GetString());
        Assert.Equal("dev-user", one.GetProperty("updatedBy").GetString());
        var list = await _portal.GetAsync("vic", "/api/services");
        Assert.Equal(["payments-api"], list.EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var removed = await _portal.SendAsync("dev-user", HttpMethod.Delete, "/api/services/payments-api");
        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        var gone = await _portal.SendAsync("vic", HttpMethod.Get, "/api/services/payments-api");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Contains("no service 'payments-api'", gone.Detail, StringComparison.Ordinal);

        var audit = await _portal.GetAsync("dev-user", "/api/audit?action=service&resourceKind=service&resourceId=payments-api");
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Order().ToList();
        Assert.Equal(["service.register", "service.remove", "service.update"], actions);
        Assert.Contains("\"previousTeam\":\"payments\"", audit.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad%20Name", """{"team":"payments"}""", "name")]
    [InlineData("-leading-dash", """{"team":"payments"}""", "name")]
    [InlineData("payments-api", """{"description":"no team"}""", "team")]
    [InlineData("payments-api", """{"team":"pay ments"}""", "team")]
    [InlineData("payments-api", """{"team":"payments","description":"two\nlines"}""", "description")]
    public async Task PutService_BadInput_Is400NamingTheFieldAndSavesNothing(string name, string body, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/services/{name}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Portal-User", "dev-user");
        using var response = await _portal.Ops.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(0, (await _portal.GetAsync("dev-user", "/api/services")).GetArrayLength());
        var audit = await _portal.GetAsync("dev-user", "/api/audit?action=service");
        Assert.Equal(0, audit.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task PutService_LongDescription_Is400()
    {
        var response = await _portal.SendAsync("dev-user", HttpMethod.Put, "/api/services/payments-api", new { team = "payments", description = new string('x', 501) });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("description", response.Body, StringComparison.Ordinal);
        Assert.Equal(0, (await _portal.GetAsync("dev-user", "/api/services")).GetArrayLength());
    }

    [Fact]
    public async Task ServiceCatalog_ForADeployer_IsReadableButNotChangeable()
    {
        await _portal.RegisterAsync("payments-api", "payments");

        var list = await _portal.GetAsync("paula", "/api/services");
        var takeOver = await _portal.SendAsync("paula", HttpMethod.Put, "/api/services/payments-api", new { team = "platform" });
        var register = await _portal.SendAsync("paula", HttpMethod.Put, "/api/services/ledger", new { team = "payments" });
        var remove = await _portal.SendAsync("paula", HttpMethod.Delete, "/api/services/payments-api");

        Assert.Equal(1, list.GetArrayLength());
        AuthorizationTests.AssertForbidden(takeOver, "paula may not manage access", "admin");
        AuthorizationTests.AssertForbidden(register, "paula may not manage access");
        AuthorizationTests.AssertForbidden(remove, "paula may not manage access");
        var after = await _portal.GetAsync("vic", "/api/services");
        Assert.Equal(["payments-api:payments"], after.EnumerateArray().Select(s => $"{s.GetProperty("name").GetString()}:{s.GetProperty("team").GetString()}"));
    }

    [Fact]
    public async Task DeleteService_NotInTheCatalog_Is404()
    {
        var response = await _portal.SendAsync("dev-user", HttpMethod.Delete, "/api/services/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Contains("nothing-here", response.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplateList_ShowsTheServiceAndItsOwningTeam()
    {
        await _portal.ImportAsync(OwnershipPortal.Template("payments-api"));
        await _portal.ImportAsync(OwnershipPortal.Template("unlisted"));
        await _portal.RegisterAsync("payments-api", "payments");

        var templates = await _portal.GetAsync("vic", "/api/templates");
        var one = await _portal.GetAsync("vic", "/api/templates/payments-api-prod");

        var byName = templates.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal("payments-api", byName["payments-api-prod"].GetProperty("service").GetString());
        Assert.Equal("payments", byName["payments-api-prod"].GetProperty("team").GetString());
        Assert.Equal("unlisted", byName["unlisted-prod"].GetProperty("service").GetString());
        Assert.Equal(JsonValueKind.Null, byName["unlisted-prod"].GetProperty("team").ValueKind);
        Assert.Equal("payments", one.GetProperty("team").GetString());
    }
}

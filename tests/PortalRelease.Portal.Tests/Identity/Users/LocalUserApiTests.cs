using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static PortalRelease.Portal.Tests.Identity.Users.UserAdmin;

namespace PortalRelease.Portal.Tests.Identity.Users;

/// <summary>Local accounts managed by an admin over <c>/api/access/users</c> in the shipped Local mode.</summary>
public sealed class LocalUserApiTests
{
    [Fact]
    public async Task CreateUser_ListsItMustChangeAndAudited_WithoutThePassword()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);

        using var created = await admin.PostAsync("/api/access/users", JsonBody("""{"userName":"  Dana.K ","displayName":"Dana K","groups":["payments","sre"]}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/access/users/dana.k", created.Headers.Location?.OriginalString);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var password = body.GetProperty("password").GetString()!;
        Assert.True(password.Length >= 20, password);
        var user = body.GetProperty("user");
        Assert.Equal(("dana.k", "Dana K", true, false), (
            user.GetProperty("id").GetString(), user.GetProperty("displayName").GetString(),
            user.GetProperty("mustChangePassword").GetBoolean(), user.GetProperty("disabled").GetBoolean()));
        Assert.Equal(["payments", "sre"], user.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        var listed = (await admin.GetFromJsonAsync<JsonElement>("/api/access/users")).EnumerateArray().Select(u => u.GetProperty("id").GetString()).ToList();
        Assert.Equal(["admin", "dana.k"], listed);
        var audit = Assert.Single(await AuditAsync(portal, "account.create"));
        Assert.Equal(("admin", "dana.k"), (audit.ActorId, audit.ResourceId));
        Assert.DoesNotContain(password, audit.Details.GetRawText(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadUsers() => new()
    {
        { """{"userName":""}""", "userName" },
        { """{}""", "userName" },
        { """{"userName":"dana k"}""", "userName" },
        { """{"userName":"-dana"}""", "userName" },
        { """{"userName":"sa:deploy-bot"}""", "userName" },
        { """{"userName":"engine"}""", "userName" },
        { """{"userName":"dana\n"}""", "userName" },
        { $$"""{"userName":"{{new string('d', 65)}}"}""", "userName" },
        { """{"userName":"dana","displayName":"Dana\u0007"}""", "displayName" },
        { $$"""{"userName":"dana","displayName":"{{new string('d', 129)}}"}""", "displayName" },
        { """{"userName":"dana","groups":["pay ments"]}""", "groups.0" },
        { """{"userName":"dana","groups":["ok",""]}""", "groups.1" },
        { $$"""{"userName":"dana","groups":[{{string.Join(',', Enumerable.Range(0, 33).Select(i => $"\"g{i}\""))}}]}""", "groups" },
        { """{"userName":"dana","password":"chosen-by-admin"}""", "password" },
    };

    [Theory]
    [MemberData(nameof(BadUsers))]
    public async Task CreateUser_BadInput_Is400NamingTheField_AndChangesNothing(string body, string field)
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);
        var before = await PortalEndpoints.SnapshotAsync(portal.Home.DatabaseFile);

        using var response = await admin.PostAsync("/api/access/users", JsonBody(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(field, text, StringComparison.Ordinal);
        Assert.Equal(before, await PortalEndpoints.SnapshotAsync(portal.Home.DatabaseFile));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("ADMIN")]
    public async Task CreateUser_NameTaken_Is409_AndKeepsTheFirst(string userName)
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);

        using var response = await admin.PostAsync("/api/access/users", JsonBody($$"""{"userName":"{{userName}}","displayName":"Impostor"}"""));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Administrator", (await GetAsync(admin, "admin")).GetProperty("displayName").GetString());
        Assert.Empty(await AuditAsync(portal, "account.create"));
    }

    [Fact]
    public async Task DisableUser_EndsTheirSession_RefusesSignIn_AndEnableLetsThemBackIn()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);
        using var dana = await SignedInAsync(portal, "dana", await CreateAsync(admin, "dana"));

        using var disabled = await admin.PostAsync("/api/access/users/dana/disable", null);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True((await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean());
        using var stale = await PageAsync(dana, "/templates");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/account/login", Target(stale), StringComparison.Ordinal);
        using var again = await LocalPortal.SignInAsync(dana, "dana", NewPassword);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("disabled", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var enabled = await admin.PostAsync("/api/access/users/dana/enable", null);

        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        using var back = await LocalPortal.SignInAsync(dana, "dana", NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal(["account.disable", "account.enable"], (await AuditAsync(portal, "account")).Select(r => r.Action).Where(a => a is "account.disable" or "account.enable"));
    }

    [Fact]
    public async Task DisableUser_TheirPersonalTokensStopWorking()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);
        await CreateAsync(admin, "dana");
        var dana = new PortalRelease.Portal.Identity.PortalUser("dana", "User dana", null, [], "local");
        var token = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<PortalRelease.Portal.Identity.Tokens.ApiTokenService>(portal.Services).CreateAsync(dana, "mine", TimeSpan.FromDays(1));
        using var client = Bearer(portal, token.Value);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/access/me")).StatusCode);

        (await admin.PostAsync("/api/access/users/dana/disable", null)).Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/access/me")).StatusCode);
    }

    [Fact]
    public async Task SetGroups_AppliesAtTheNextSignIn_EndsTheOldSession_AndIsAudited()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);
        using var dana = await SignedInAsync(portal, "dana", await CreateAsync(admin, "dana", "payments"));

        using var changed = await admin.PatchAsync("/api/access/users/dana", JsonBody("""{"groups":["sre","admins"]}"""));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(["admins", "sre"], (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        using var stale = await PageAsync(dana, "/templates");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        var audit = Assert.Single(await AuditAsync(portal, "account.groups"));
        Assert.Equal(["payments"], audit.Details.GetProperty("removed").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(["admins", "sre"], audit.Details.GetProperty("added").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task Unlock_LetsALockedOutUserSignInAgain()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);
        var password = await CreateAsync(admin, "dana");
        using var browser = portal.Browser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            (await LocalPortal.SignInAsync(browser, "dana", $"guess-{attempt}")).Dispose();
        }
        Assert.NotEqual(JsonValueKind.Null, (await GetAsync(admin, "dana")).GetProperty("lockedUntil").ValueKind);
        using (var locked = await LocalPortal.SignInAsync(browser, "dana", password))
        {
            Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var unlocked = await admin.PostAsync("/api/access/users/dana/unlock", null);

        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await unlocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lockedUntil").ValueKind);
        using var signIn = await LocalPortal.SignInAsync(browser, "dana", password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Single(await AuditAsync(portal, "account.unlock"));
    }

    [Fact]
    public async Task ResetPassword_GivesANewOneTimePassword_EndsSessions_AndMustChangeAgain()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);
        using var dana = await SignedInAsync(portal, "dana", await CreateAsync(admin, "dana"));

        using var reset = await admin.PostAsync("/api/access/users/dana/reset-password", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var body = await reset.Content.ReadFromJsonAsync<JsonElement>();
        var password = body.GetProperty("password").GetString()!;
        Assert.True(body.GetProperty("user").GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal(HttpStatusCode.Redirect, (await PageAsync(dana, "/templates")).StatusCode);
        using (var old = await LocalPortal.SignInAsync(dana, "dana", NewPassword))
        {
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        }
        using var fresh = await LocalPortal.SignInAsync(dana, "dana", password);
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        Assert.StartsWith("/account/password", Target(fresh), StringComparison.Ordinal);
        var audit = Assert.Single(await AuditAsync(portal, "account.password-reset"));
        Assert.DoesNotContain(password, audit.Details.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LastAdmin_CannotDisableThemselfNorLeaveAdmins_409_AndNothingChanges()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);
        var before = await PortalEndpoints.SnapshotAsync(portal.Home.DatabaseFile);

        using var disable = await admin.PostAsync("/api/access/users/admin/disable", null);
        using var leave = await admin.PatchAsync("/api/access/users/admin", JsonBody("""{"groups":["sre"]}"""));

        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Contains("your own account", await disable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, leave.StatusCode);
        Assert.Contains("admin", await leave.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await PortalEndpoints.SnapshotAsync(portal.Home.DatabaseFile));
        Assert.Equal(["admins"], (await GetAsync(admin, "admin")).GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task AnotherEnabledAdmin_LetsAnAdminLeaveAdmins_WhoseTokenLosesAdminAtOnce_AndTheOtherIsNowTheLast()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);
        await CreateAsync(admin, "erin", "admins");
        var erinUser = new PortalRelease.Portal.Identity.PortalUser("erin", "User erin", null, ["admins"], "local");
        using var erin = Bearer(portal, (await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<PortalRelease.Portal.Identity.Tokens.ApiTokenService>(portal.Services).CreateAsync(erinUser, "erin", TimeSpan.FromDays(1))).Value);

        using var leave = await admin.PatchAsync("/api/access/users/admin", JsonBody("""{"groups":[]}"""));

        Assert.Equal(HttpStatusCode.OK, leave.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/access/users")).StatusCode);
        using var erinLeaves = await erin.PatchAsync("/api/access/users/erin", JsonBody("""{"groups":["sre"]}"""));
        Assert.Equal(HttpStatusCode.Conflict, erinLeaves.StatusCode);
        Assert.Contains("You are the last", await erinLeaves.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownUser_Is404_ForEveryAction()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/access/users/ghost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsync("/api/access/users/ghost", JsonBody("""{"groups":[]}"""))).StatusCode);
        foreach (var action in new[] { "disable", "enable", "unlock", "reset-password" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/access/users/ghost/{action}", null)).StatusCode);
        }
        Assert.Empty(await AuditAsync(portal, "account"));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Oidc")]
    public async Task UserAdministration_OutsideLocalMode_Is409SayingWhy_AndChangesNothing(string mode)
    {
        var settings = new Dictionary<string, string> { ["Portal:Auth:Mode"] = mode };
        if (mode == "Oidc")
        {
            settings["Portal:Auth:Oidc:Authority"] = "https://idp.example";
            settings["Portal:Auth:Oidc:ClientId"] = "portal";
            settings["Portal:Auth:Oidc:ClientSecret"] = "test-secret";
            settings["Portal:Access:Grants:0:User"] = "admin";
            settings["Portal:Access:Grants:0:Role"] = "admin";
        }
        await using var portal = new LocalPortal(settings);
        using var admin = await AdminAsync(portal);
        var before = await PortalEndpoints.SnapshotAsync(portal.Home.DatabaseFile);

        using var list = await admin.GetAsync("/api/access/users");
        using var create = await admin.PostAsync("/api/access/users", JsonBody("""{"userName":"dana"}"""));

        Assert.Equal(HttpStatusCode.Conflict, list.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, create.StatusCode);
        Assert.Contains("Portal:Auth:Mode", await create.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await PortalEndpoints.SnapshotAsync(portal.Home.DatabaseFile));
    }
}

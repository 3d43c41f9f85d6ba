using System.Net;
using System.Net.Http.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Identity;
using PortalRelease.Portal.Tests.Identity.Users;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's built-in account methods against the real in-memory portal in the Local sign-in mode (as its bootstrap admin), and their contracts.</summary>
public sealed class UsersClientTests : IAsyncLifetime
{
    private LocalPortal _portal = null!;
    private HttpClient _admin = null!;
    private PortalRelease.Client.PortalClient _client = null!;

    public async Task InitializeAsync()
    {
        _portal = new LocalPortal();
        _admin = await UserAdmin.AdminAsync(_portal);
        _client = new PortalRelease.Client.PortalClient(_admin);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _portal.DisposeAsync();
    }

    [Fact]
    public async Task CreateUpdateDisableEnableReset_AUser_EachAnswersTheAccount()
    {
        var created = await _client.CreateUserAsync(new CreateUserRequest("dana", "Dana", ["deployers"]));

        Assert.Equal(("dana", "Dana", true), (created.User.Id, created.User.DisplayName, created.User.MustChangePassword));
        Assert.NotEmpty(created.Password);
        Assert.DoesNotContain(created.Password, created.ToString(), StringComparison.Ordinal);
        var updated = await _client.UpdateUserAsync("dana", new ChangeUserRequest("Dana S.", null));
        Assert.Equal(("Dana S.", "deployers"), (updated.DisplayName, Assert.Single(updated.Groups)));
        Assert.True((await _client.DisableUserAsync("dana")).Disabled);
        Assert.False((await _client.EnableUserAsync("dana")).Disabled);
        Assert.Null((await _client.UnlockUserAsync("dana")).LockedUntil);
        var reset = await _client.ResetUserPasswordAsync("dana");
        Assert.NotEqual(created.Password, reset.Password);
        Assert.Equal("Dana S.", (await _client.GetUserAsync("dana")).DisplayName);
        Assert.Contains(await _client.ListUsersAsync(), u => u.Id == "dana");
        ContractAssert.RoundTrips<List<LocalUserView>>(await _admin.GetStringAsync("/api/access/users"));
        ContractAssert.RoundTrips<LocalUserView>(await _admin.GetStringAsync("/api/access/users/dana"));
        using var again = await _admin.PostAsync("/api/access/users/dana/reset-password", null);
        ContractAssert.RoundTrips<LocalUserPasswordView>(await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateUser_BadNameThenATakenOne_Is400WithTheFieldThen409_AndAnUnknownUserIs404()
    {
        using (var served = await _admin.PostAsJsonAsync("/api/access/users", new CreateUserRequest("erin", null, null), ContractJson.Options))
        {
            Assert.Equal(HttpStatusCode.Created, served.StatusCode);
            ContractAssert.RoundTrips<LocalUserPasswordView>(await served.Content.ReadAsStringAsync());
        }

        var bad = await Assert.ThrowsAsync<PortalApiException>(() => _client.CreateUserAsync(new CreateUserRequest("Bad Name!", null, null)));
        var taken = await Assert.ThrowsAsync<PortalApiException>(() => _client.CreateUserAsync(new CreateUserRequest("erin", null, null)));
        var missing = await Assert.ThrowsAsync<PortalApiException>(() => _client.GetUserAsync("nobody"));

        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal(["userName"], bad.FieldErrors.Keys);
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }
}

using System.Net;
using System.Net.Http.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's grant and caller methods against the real in-memory portal (its development user is an admin), and their contracts.</summary>
public sealed class AccessClientTests : PortalTest
{
    private PortalRelease.Client.PortalClient Typed => new(Portal.Http);

    [Fact]
    public async Task AddListRemove_AGroupGrant_ListedWithItsKindAsANumberThenGone()
    {
        var added = await Typed.AddGrantAsync(new GrantRequest(null, "release-team", null, "approver", ["prod-*"], null, null));

        Assert.Equal((GrantSubjectKind.Group, "release-team", "approver", "database"), (added.Kind, added.Subject, added.Role, added.Source));
        Assert.Equal(["prod-*"], added.Environments);
        Assert.False(added.IsUnscoped);
        Assert.Contains(await Typed.ListGrantsAsync(), g => g.Id == added.Id);
        var served = await Portal.Http.GetStringAsync("/api/access/grants");
        Assert.Contains("\"kind\":1", served, StringComparison.Ordinal);
        ContractAssert.RoundTrips<List<AccessGrantView>>(served);

        await Typed.RemoveGrantAsync(added.Id);

        Assert.DoesNotContain(await Typed.ListGrantsAsync(), g => g.Id == added.Id);
        var again = await Assert.ThrowsAsync<PortalApiException>(() => Typed.RemoveGrantAsync(added.Id));
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
    }

    [Fact]
    public async Task AddGrant_NoSubjectAndAnUnknownRole_Is400WithFieldErrors()
    {
        var error = await Assert.ThrowsAsync<PortalApiException>(() => Typed.AddGrantAsync(new GrantRequest(null, null, null, "emperor", null, null, null)));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("role", error.FieldErrors.Keys);
        using var response = await Portal.Http.PostAsJsonAsync("/api/access/grants", new GrantRequest(null, null, null, "emperor", null, null, null), ContractJson.Options);
        ContractAssert.RoundTrips<ApiProblem>(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetCaller_TheDevelopmentUser_NamesThemWithTheirGrants()
    {
        var caller = await Typed.GetCallerAsync();

        Assert.Equal(("dev-user", "development"), (caller.User, caller.Method));
        Assert.NotEmpty(caller.Grants);
        ContractAssert.RoundTrips<CallerView>(await Portal.Http.GetStringAsync("/api/access/me"));
    }
}

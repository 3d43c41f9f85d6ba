using System.Net;
using System.Net.Http.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's API token methods against the real in-memory portal (as its development user), and their contracts.</summary>
public sealed class TokensClientTests : PortalTest
{
    private PortalRelease.Client.PortalClient Typed => new(Portal.Http);

    [Fact]
    public async Task CreateListRevoke_AToken_ShowsTheValueOnceThenListsItRevoked()
    {
        var created = await Typed.CreateTokenAsync(new CreateTokenRequest("ci", 30, "deployer", ["staging"], null, null));

        Assert.StartsWith("prt_", created.Value, StringComparison.Ordinal);
        Assert.Equal(("ci", "deployer"), (created.Token.Name, created.Token.Scope.Role));
        Assert.Equal(["staging"], created.Token.Scope.Environments!);
        Assert.DoesNotContain(created.Value, created.ToString(), StringComparison.Ordinal);
        var listed = Assert.Single(await Typed.ListTokensAsync(), t => t.Id == created.Token.Id);
        Assert.Null(listed.RevokedAt);
        ContractAssert.RoundTrips<List<ApiTokenView>>(await Portal.Http.GetStringAsync("/api/tokens"));
        Assert.DoesNotContain(created.Value, await Portal.Http.GetStringAsync("/api/tokens"), StringComparison.Ordinal);

        await Typed.RevokeTokenAsync(created.Token.Id);

        Assert.NotNull(Assert.Single(await Typed.ListTokensAsync(), t => t.Id == created.Token.Id).RevokedAt);
        var again = await Assert.ThrowsAsync<PortalApiException>(() => Typed.RevokeTokenAsync(created.Token.Id));
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
    }

    [Fact]
    public async Task CreateToken_ServedAnswer_RoundTripsThroughTheContract()
    {
        using var response = await Portal.Http.PostAsJsonAsync("/api/tokens", new CreateTokenRequest("round-trip", null, null, null, null, null), ContractJson.Options);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        ContractAssert.RoundTrips<CreatedApiTokenView>(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateToken_ExpiryOutOfRangeOrUnknownRole_Is400NamingTheField()
    {
        var days = await Assert.ThrowsAsync<PortalApiException>(() => Typed.CreateTokenAsync(new CreateTokenRequest("ci", 400, null, null, null, null)));
        var role = await Assert.ThrowsAsync<PortalApiException>(() => Typed.CreateTokenAsync(new CreateTokenRequest("ci", 30, "Emperor", null, null, null)));

        Assert.Equal(HttpStatusCode.BadRequest, days.Status);
        Assert.Equal(["expiresInDays"], days.FieldErrors.Keys);
        Assert.Equal(["role"], role.FieldErrors.Keys);
        Assert.Empty(await Typed.ListTokensAsync());
    }
}

using System.Net;
using System.Net.Http.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's service account methods against the real in-memory portal, and their contracts.</summary>
public sealed class ServiceAccountsClientTests : PortalTest
{
    private PortalRelease.Client.PortalClient Typed => new(Portal.Http);

    [Fact]
    public async Task CreateTokenRevokeDisable_AnAccount_ListsItsTokensWithoutValuesThenDisabled()
    {
        var account = await Typed.CreateServiceAccountAsync(new CreateServiceAccountRequest("deploy-bot", "Deploy bot", "Ships web"));
        var token = await Typed.CreateServiceAccountTokenAsync("deploy-bot", new CreateTokenRequest("ci", 7, null, null, null, null));

        Assert.Equal(("sa:deploy-bot", "Deploy bot", false), (account.Id, account.DisplayName, account.Disabled));
        Assert.Equal("sa:deploy-bot", token.Token.Subject);
        var listed = Assert.Single(await Typed.ListServiceAccountsAsync(), a => a.Name == "deploy-bot");
        Assert.Equal(token.Token.Id, Assert.Single(listed.Tokens).Id);
        var served = await Portal.Http.GetStringAsync("/api/service-accounts");
        Assert.DoesNotContain(token.Value, served, StringComparison.Ordinal);
        ContractAssert.RoundTrips<List<ServiceAccountView>>(served);

        await Typed.RevokeServiceAccountTokenAsync("deploy-bot", token.Token.Id);
        await Typed.DisableServiceAccountAsync("deploy-bot");

        var disabled = Assert.Single(await Typed.ListServiceAccountsAsync(), a => a.Name == "deploy-bot");
        Assert.True(disabled.Disabled);
        Assert.NotNull(Assert.Single(disabled.Tokens).RevokedAt);
        var missing = await Assert.ThrowsAsync<PortalApiException>(() => Typed.DisableServiceAccountAsync("nobody"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task CreateServiceAccount_AndItsToken_ServedAnswersRoundTrip_AndATakenNameIs409()
    {
        using var created = await Portal.Http.PostAsJsonAsync("/api/service-accounts", new CreateServiceAccountRequest("etl-bot", null, null), ContractJson.Options);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        ContractAssert.RoundTrips<ServiceAccountView>(await created.Content.ReadAsStringAsync());
        using var token = await Portal.Http.PostAsJsonAsync("/api/service-accounts/etl-bot/tokens", new CreateTokenRequest("t", null, null, null, null, null), ContractJson.Options);
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        ContractAssert.RoundTrips<CreatedApiTokenView>(await token.Content.ReadAsStringAsync());

        var taken = await Assert.ThrowsAsync<PortalApiException>(() => Typed.CreateServiceAccountAsync(new CreateServiceAccountRequest("etl-bot", null, null)));

        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
    }
}

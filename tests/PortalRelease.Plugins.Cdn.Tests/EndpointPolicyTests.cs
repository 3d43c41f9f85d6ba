using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>
/// The API URL is a user's setting: the driver asks the operator's policy before every request, so a policy tightened
/// after the target was saved (or a target saved before the policy existed) sends the token nowhere.
/// </summary>
public sealed class EndpointPolicyTests : IAsyncLifetime
{
    private FastlyHarness _fastly = null!;

    public async Task InitializeAsync() => _fastly = await FastlyHarness.StartAsync();

    public async Task DisposeAsync() => await _fastly.DisposeAsync();

    [Fact]
    public async Task Apply_ApiUrlThePolicyRefuses_FailsBeforeAnyRequest()
    {
        _fastly.Policy.AllowLoopback = false;

        var ex = await Assert.ThrowsAsync<DriverException>(() => _fastly.ApplyAsync("k1", "1.0.0", Cohorts.Stable, 100));

        Assert.Contains("not allowed for kind 'fastly'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_fastly.Server.Requests);
    }

    [Fact]
    public async Task StatusAndRollback_ApiUrlThePolicyRefuses_FailBeforeAnyRequest()
    {
        _fastly.Policy.AllowLoopback = false;

        await Assert.ThrowsAsync<DriverException>(() => _fastly.StatusAsync());
        await Assert.ThrowsAsync<DriverException>(() => _fastly.RollbackAsync("k2", "1.1.0", "1.0.0"));

        Assert.Empty(_fastly.Server.Requests);
    }

    [Fact]
    public async Task Apply_PolicyTightenedAfterTheFirstRequest_SendsNoFurtherRequest()
    {
        _fastly.Server.AfterRequest = _ => _fastly.Policy.AllowLoopback = false;

        await Assert.ThrowsAsync<DriverException>(() => _fastly.ApplyAsync("k1", "1.0.0", Cohorts.Stable, 100));

        Assert.Single(_fastly.Server.Requests);
    }

    [Fact]
    public async Task Apply_EveryRequest_IsCheckedAgainstThePolicyAtItsDestination()
    {
        await _fastly.ApplyAsync("k1", "1.1.0", Cohorts.Canary, 10);

        var checkedUris = _fastly.Policy.Checked.ToList();
        Assert.Equal(_fastly.Server.Requests.Count, checkedUris.Count);
        Assert.All(checkedUris, uri => Assert.Equal(_fastly.Server.Url.Authority, uri.Authority));
    }
}

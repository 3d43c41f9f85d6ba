using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>
/// The endpoint and the region that picks it are a user's settings: the driver asks the operator's policy before every
/// request, and a region is a region as a whole, so it cannot turn AWS's regional endpoint into another host.
/// </summary>
public sealed class EndpointPolicyWireTests : IAsyncLifetime
{
    private LambdaHarness _lambda = null!;

    public async Task InitializeAsync() => _lambda = await LambdaHarness.StartAsync();

    public async Task DisposeAsync() => await _lambda.DisposeAsync();

    [Fact]
    public async Task Apply_EndpointThePolicyRefuses_FailsBeforeAnyRequest()
    {
        _lambda.Policy.AllowLoopback = false;

        var ex = await Assert.ThrowsAsync<DriverException>(() => _lambda.ApplyAsync("k1", "1.1.0", Cohorts.Canary, 10));

        Assert.Contains("not allowed for kind 'aws-lambda'", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.Empty(_lambda.Server.Requests);
    }

    [Fact]
    public async Task StatusAndRollback_EndpointThePolicyRefuses_FailBeforeAnyRequest()
    {
        _lambda.Policy.AllowLoopback = false;

        await Assert.ThrowsAsync<DriverException>(() => _lambda.StatusAsync());
        await Assert.ThrowsAsync<DriverException>(() => _lambda.RollbackAsync("k2", "1.1.0", "1.0.0"));

        Assert.Empty(_lambda.Server.Requests);
    }

    [Fact]
    public async Task Apply_EveryRequest_IsCheckedAgainstThePolicyAtItsDestination()
    {
        await _lambda.ApplyAsync("k1", "1.1.0", Cohorts.Canary, 10);

        var checkedUris = _lambda.Policy.Checked.ToList();
        Assert.True(_lambda.Server.Requests.Count >= 4);
        Assert.Equal(_lambda.Server.Requests.Count, checkedUris.Count);
        Assert.All(checkedUris, uri => Assert.Equal(_lambda.Server.Endpoint.Authority, uri.Authority));
    }

    [Theory]
    [InlineData("eu-west-1@127.0.0.1:{port}/#")]
    [InlineData("eu-west-1.127.0.0.1:{port}/")]
    [InlineData("eu-west-1\n")]
    [InlineData("eu-west-1/../")]
    public async Task Region_SteeringTheEndpointHost_IsRefusedAndNothingConnects(string region)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        region = region.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var settings = JsonSerializer.Deserialize<Dictionary<string, object>>(_lambda.SettingsJson())!;
        settings["region"] = region;
        settings.Remove("endpoint");
        var target = new TargetContext
        {
            Name = "lambda-eu",
            Kind = ServerlessPlugin.Kind,
            Settings = TargetContexts.ParseSettings(JsonSerializer.Serialize(settings)),
            Secrets = _lambda.Target().Secrets,
        };

        var errors = await _lambda.Driver.ValidateSettingsAsync(target.Settings, CancellationToken.None);
        await Assert.ThrowsAsync<DriverException>(() => _lambda.Driver.GetStatusAsync(target, CancellationToken.None));

        Assert.Contains(errors, e => e.Path == "/region");
        Assert.False(listener.Pending());
        Assert.DoesNotContain(_lambda.Policy.Checked, uri => uri.Port == port);
    }
}

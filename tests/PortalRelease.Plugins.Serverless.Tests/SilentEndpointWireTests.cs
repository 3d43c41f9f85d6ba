using System.Net;
using System.Net.Sockets;
using PortalRelease.Plugins.Serverless.Tests.FakeLambda;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>
/// An endpoint that accepts connections and never answers (a black-holed proxy, a wedged LocalStack) is reported by
/// the driver, naming it, inside the portal's per-call timeout: the retry budget of one request is bounded.
/// </summary>
public sealed class SilentEndpointWireTests : IAsyncLifetime
{
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _accepted = [];
    private LambdaHarness _lambda = null!;

    public async Task InitializeAsync()
    {
        _lambda = await LambdaHarness.StartAsync();
        _silent.Start();
        _ = AcceptForeverAsync();
    }

    public async Task DisposeAsync()
    {
        _silent.Stop();
        lock (_accepted)
        {
            _accepted.ForEach(c => c.Dispose());
        }
        await _lambda.DisposeAsync();
    }

    [Fact]
    public void Default_retry_budget_of_one_request_stays_inside_the_portals_30_s_call_timeout()
    {
        var options = new LambdaDriverOptions { DataDirectory = _lambda.DataDirectory, Time = TimeProvider.System };

        Assert.Equal(TimeSpan.FromSeconds(23.5), options.WorstCaseRequest);
        Assert.True(options.WorstCaseRequest < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Call_budget_is_the_code_update_timeout_plus_the_margin()
    {
        var budget = Assert.IsAssignableFrom<ILongRunningDriver>(_lambda.Driver).GetCallBudget(_lambda.Target());

        Assert.Equal(TimeSpan.FromSeconds(30) + LambdaTargetDriver.CallMargin, budget);
    }

    [Fact]
    public async Task Status_of_an_endpoint_that_never_answers_fails_transiently_naming_the_endpoint()
    {
        var driver = new LambdaTargetDriver(new LambdaDriverOptions
        {
            DataDirectory = _lambda.DataDirectory,
            Time = TimeProvider.System,
            AttemptTimeout = TimeSpan.FromMilliseconds(300),
            RetryDelay = TimeSpan.FromMilliseconds(20),
        });
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}";
        var target = _lambda.Target();
        var silentTarget = new TargetContext
        {
            Name = target.Name,
            Kind = target.Kind,
            Settings = Sdk.Testing.TargetContexts.ParseSettings(_lambda.SettingsJson().Replace(_lambda.Server.Endpoint.ToString(), endpoint + "/", StringComparison.Ordinal)),
            Secrets = target.Secrets,
        };

        var error = await Assert.ThrowsAsync<DriverException>(() => driver.GetStatusAsync(silentTarget, CancellationToken.None));

        Assert.StartsWith($"The Lambda API at {endpoint} did not answer for function 'checkout-api'", error.Message, StringComparison.Ordinal);
        Assert.Contains("no response within 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
        Assert.DoesNotContain(FakeLambdaServer.SecretAccessKey, error.Message, StringComparison.Ordinal);
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var client = await _silent.AcceptTcpClientAsync();
                lock (_accepted)
                {
                    _accepted.Add(client);
                }
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // The listener stopped at the end of the test.
        }
    }
}

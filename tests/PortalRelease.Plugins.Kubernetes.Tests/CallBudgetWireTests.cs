using System.Net;
using System.Net.Sockets;
using PortalRelease.Plugins.Kubernetes.Cluster;
using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>
/// An apply waits for its rollout inside the call, so the driver declares its call budget (<see cref="ILongRunningDriver"/>):
/// the target's rollout timeout plus a margin. The portal then gives the call that long instead of its own 30 s per
/// call, and the driver keeps every call inside it: all rollout waits of one call share the rollout timeout.
/// </summary>
public sealed class CallBudgetWireTests : IAsyncLifetime
{
    private KubernetesHarness _k8s = null!;

    public async Task InitializeAsync() => _k8s = await KubernetesHarness.StartAsync();

    public async Task DisposeAsync() => await _k8s.DisposeAsync();

    [Theory]
    [InlineData("\"rolloutTimeoutSeconds\":30", 30)]
    [InlineData("\"rolloutTimeoutSeconds\":3600", 3600)]
    [InlineData("\"rolloutTimeoutSeconds\":\"soon\"", 600)]
    [InlineData("\"routing\":\"httproute\"", 600)]
    public void Budget_IsTheRolloutTimeoutPlusTheMargin(string setting, int rolloutSeconds)
    {
        var settings = KubernetesHarness.SettingsFor(_k8s.Api.Url).Replace(",\"rolloutTimeoutSeconds\":30", "", StringComparison.Ordinal)
            .Replace("\"routing\":\"httproute\"", "\"routing\":\"httproute\"," + setting, StringComparison.Ordinal)
            .Replace(",\"routing\":\"httproute\",\"routing\":\"httproute\"", ",\"routing\":\"httproute\"", StringComparison.Ordinal);
        var target = TargetContexts.FromJson("k8s-shop", KubernetesPlugin.Kind, settings);

        var budget = Assert.IsAssignableFrom<ILongRunningDriver>(_k8s.Driver).GetCallBudget(target);

        Assert.Equal(TimeSpan.FromSeconds(rolloutSeconds) + KubernetesTargetDriver.CallMargin, budget);
        Assert.True(budget > TimeSpan.FromSeconds(30), "The budget must exceed the portal's default per-call timeout.");
    }

    [Fact]
    public async Task Promote_WhoseRolloutOutlastsTheCallTimeout_IsOneCallThatWaitsOnTheWatchWithinTheBudget()
    {
        var budget = ((ILongRunningDriver)_k8s.Driver).GetCallBudget(_k8s.Target);
        using var portalTimeout = new CancellationTokenSource(budget);
        _k8s.Api.HoldRollouts();

        var apply = _k8s.Driver.ApplyAsync(_k8s.Target,
            new ApplyRequest { ReleaseId = "rel-1", Version = "1.1.0", Cohort = Cohorts.Stable, Weight = 100, IdempotencyKey = "k-slow" }, portalTimeout.Token);
        await _k8s.Api.WhenWatchedAsync(ClusterSeed.Workload);
        Assert.False(apply.IsCompleted, "The apply returned before the rollout was ready.");
        _k8s.Api.ReleaseRollouts();
        var result = await apply;

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        // One watch for the whole rollout: nothing was re-issued or polled while it ran.
        Assert.Single(_k8s.Api.Requests, r => r.IsWatch);
        Assert.Equal($"{ClusterSeed.Image}:1.1.0", _k8s.ImageOf(ClusterSeed.Workload));
        var again = await _k8s.ApplyAsync("k-slow", "1.1.0", Cohorts.Stable, 100);
        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
    }

    [Fact]
    public async Task Status_OfAnApiServerThatNeverAnswers_FailsWithinTheRequestTimeoutNamingTheServer()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();
        var server = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var target = TargetContexts.FromJson("k8s-shop", KubernetesPlugin.Kind, KubernetesHarness.SettingsFor(new Uri(server)));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        var error = await Assert.ThrowsAsync<DriverException>(() => _k8s.Driver.GetStatusAsync(target, CancellationToken.None));

        Assert.Equal($"Reading Deployment shop/web: the API server at {server}/ did not answer within 10 s.", error.Message);
        Assert.True(error.IsTransient);
        // Monotonic, with 100 ms of slack below: the timeout's timer and this clock may round apart by a tick (CI saw
        // 9.9986 s against a wall clock); what matters is that the driver waited the timeout, not a fraction of it.
        Assert.InRange(System.Diagnostics.Stopwatch.GetElapsedTime(started), KubeApi.RequestTimeout - TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(25));
        (await accepted).Dispose();
    }

    [Fact]
    public async Task Canary_WhoseRolloutNeverCompletes_FailsWithinTheRolloutTimeoutAndBeforeTheBudget()
    {
        var settings = _k8s.SettingsJson.Replace("\"rolloutTimeoutSeconds\":30", "\"rolloutTimeoutSeconds\":1", StringComparison.Ordinal);
        var target = TargetContexts.FromJson("k8s-shop", KubernetesPlugin.Kind, settings);
        var budget = ((ILongRunningDriver)_k8s.Driver).GetCallBudget(target);
        using var portalTimeout = new CancellationTokenSource(budget);
        _k8s.Api.HoldRollouts();
        var started = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<DriverException>(() => _k8s.Driver.ApplyAsync(target,
            new ApplyRequest { ReleaseId = "rel-1", Version = "1.1.0", Cohort = Cohorts.Canary, Weight = 10, IdempotencyKey = "k-never" }, portalTimeout.Token));

        Assert.Contains("not ready within 1 s", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient, "The rollout timeout bounds the whole wait: the portal must not retry it into several.");
        Assert.False(portalTimeout.IsCancellationRequested, "The driver must end the call itself, inside the budget it declared.");
        Assert.True(DateTimeOffset.UtcNow - started < budget);
        _k8s.Api.ReleaseRollouts();
    }
}

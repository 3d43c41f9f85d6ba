using System.Net;

namespace PortalRelease.Portal.Tests.Ownership;

/// <summary>
/// A target's environment and a release's recorded environment never disagree, even when an admin relabels the target
/// while a deployer's release on it is being created: either the release is refused (its targets changed) or the
/// relabel is (an unfinished release uses the target), never neither. Each round races both on a fresh target.
/// </summary>
public sealed class RelabelRaceTests : IAsyncLifetime
{
    private const int Rounds = 40;

    private readonly TargetOwnershipPortal _portal = new();

    public Task InitializeAsync() => _portal.InitializeAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task RelabelToProduction_RacingAStagingDeployersRelease_NeverLeavesBothDone()
    {
        var imported = await _portal.ImportAsync("""
            name: payments-racer
            service: payments-api
            parameters:
              - { name: target, type: string, default: stage-eu }
            stages:
              - { name: staging, targets: ["{{ target }}"], steps: [{ pause: { duration: 1h } }] }
            """);
        Assert.True(imported.Status == HttpStatusCode.Created, $"{(int)imported.Status} {imported.Body}");

        for (var round = 0; round < Rounds; round++)
        {
            var target = $"race-{round}";
            await _portal.CreateAsync(target, "staging", "payments");
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var start = Task.Run(async () =>
            {
                await go.Task;
                return await _portal.Portal.PostAsync("paula", "/api/releases",
                    new { template = "payments-racer", version = "1.0.0", parameters = new Dictionary<string, string> { ["target"] = target } });
            });
            var relabel = Task.Run(async () =>
            {
                await go.Task;
                return await _portal.Portal.SendAsync("dev-user", HttpMethod.Put, $"/api/targets/{target}",
                    new { settings = TargetOwnershipPortal.SandboxSettings, environment = "production" });
            });
            go.SetResult();
            var (started, moved) = (await start, await relabel);

            var releaseMade = started.Status == HttpStatusCode.Created;
            var targetMoved = moved.Status == HttpStatusCode.OK;
            // Refused: 403 when the relabel came first (paula may not deploy to production), 400 when it came mid-way.
            Assert.True(releaseMade || started.Status is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"round {round}: start {(int)started.Status} {started.Body}");
            Assert.True(targetMoved || moved.Status == HttpStatusCode.Conflict, $"round {round}: relabel {(int)moved.Status} {moved.Body}");
            Assert.False(releaseMade && targetMoved,
                $"round {round}: a release allowed for staging was created on {target} and the target is now in production");
        }
    }
}

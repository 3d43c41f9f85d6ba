using System.Diagnostics;
using PortalRelease.Contracts;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets;

public sealed partial class TargetService
{
    /// <summary>"Test connection": the driver's <see cref="ITargetDriver.GetStatusAsync"/> with the engine's driver-call timeout.</summary>
    public async Task<TargetTestResultView?> TestAsync(string name, Audit.AuditActor actor, CancellationToken cancellationToken = default)
    {
        // A test reaches the target's remote end with its credentials: as much a target change as an edit.
        (await MayManageAsync(actor)).Demand();
        if (await targets.GetAsync(name, cancellationToken) is not { } record)
        {
            return null;
        }
        (await MayManageAsync(actor, record.Environment, record.Team)).Demand();
        if (plugins.FindDriver(record.Kind) is not { } driver)
        {
            return Failed(nameof(TargetHealth.Unknown), $"No loaded plugin provides kind '{record.Kind}'. See the Plugins page.", 0);
        }
        var context = contexts.Build(record);
        var watch = Stopwatch.StartNew();
        var (status, error) = await DriverCall.RunAsync(ct => driver.GetStatusAsync(context, ct), Timeout, "Reading the target's status", cancellationToken);
        var elapsed = watch.ElapsedMilliseconds;
        if (status is null)
        {
            logger.LogInformation("Test connection of target {Target} failed: {Error}", name, KnownSecrets.Redact(error ?? ""));
            return Failed(nameof(TargetHealth.Unhealthy), error ?? "The driver returned no status.", elapsed);
        }
        return new TargetTestResultView(
            status.Health.ToString(),
            status.Health is TargetHealth.Healthy or TargetHealth.Degraded,
            KnownSecrets.RedactOrNull(status.Detail),
            status.Ready,
            KnownSecrets.RedactOrNull(status.StableVersion),
            KnownSecrets.RedactOrNull(status.CanaryVersion),
            status.CanaryWeight,
            elapsed);
    }

    /// <summary>
    /// Demands what a dry run of target <paramref name="name"/> needs, before the driver is asked: it reaches the target's
    /// remote end with the stored credentials and answers with what it found there (a database's migration state and
    /// SQL), as much as <see cref="TestAsync"/> does, so admin for that target. False when there is no such target.
    /// </summary>
    public async Task<bool> DemandDryRunAsync(string name, Audit.AuditActor actor, CancellationToken cancellationToken = default)
    {
        (await MayManageAsync(actor)).Demand();
        if (await targets.GetAsync(name, cancellationToken) is not { } record)
        {
            return false;
        }
        (await MayManageAsync(actor, record.Environment, record.Team)).Demand();
        return true;
    }

    private static TargetTestResultView Failed(string health, string detail, long elapsed) =>
        new(health, false, KnownSecrets.Redact(detail), false, null, null, 0, elapsed);
}

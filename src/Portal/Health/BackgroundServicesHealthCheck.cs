using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PortalRelease.Portal.Health;

/// <summary>Unhealthy while any background service is failed (it is being restarted), naming it and its last error.</summary>
internal sealed class BackgroundServicesHealthCheck(BackgroundServiceHealth health) : IHealthCheck
{
    public const string Name = "background-services";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var services = health.Services;
        var failed = services.Where(s => s.State == ServiceState.Failed).ToList();
        var data = services.ToDictionary(s => s.Name, s => (object)s.State.ToString());
        return Task.FromResult(failed.Count == 0
            ? HealthCheckResult.Healthy($"{services.Count} background services", data)
            : HealthCheckResult.Unhealthy(
                string.Join("; ", failed.Select(s => $"{s.Name} failed {s.Failures} time{(s.Failures == 1 ? "" : "s")}, last at {s.LastFailedAt:O}: {s.LastError}; restarting")),
                data: data));
    }
}

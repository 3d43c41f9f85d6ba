using PortalRelease.Portal.Releases.Engine;

namespace PortalRelease.Portal.Gates;

/// <summary>
/// When edited calendars take effect, every running release looks at its gates again: one waiting for a window that
/// now opens earlier (or is already open) would otherwise sleep until the old opening time.
/// </summary>
public sealed class CalendarReloadWakeup(GateConfig gates, ReleaseEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        gates.Changed += engine.WakeAll;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        gates.Changed -= engine.WakeAll;
        return Task.CompletedTask;
    }
}

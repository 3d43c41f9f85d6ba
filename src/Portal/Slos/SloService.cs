using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Slos;

/// <summary>The SLOs of every service, measured now; and per service, their history and the releases that moved them.</summary>
public sealed class SloService(SloCatalog catalog, SloCache measurements, ReleaseRepository releases, JournalRepository journal, TimeProvider time)
{

    public async Task<IReadOnlyList<ServiceSloReport>> ListAsync(CancellationToken cancellationToken)
    {
        var reports = new List<ServiceSloReport>();
        foreach (var service in await catalog.ListAsync(cancellationToken))
        {
            reports.Add(await ReportAsync(service, cancellationToken));
        }
        return reports;
    }

    /// <summary>Null when no template declares SLOs for <paramref name="service"/>.</summary>
    public async Task<ServiceSloDetail?> GetAsync(string service, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(service, cancellationToken) is not { } found)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var report = await ReportAsync(found, cancellationToken);
        var history = new List<SloHistory>();
        foreach (var slo in found.Slos)
        {
            history.Add(new SloHistory(slo.Name, await measurements.HistoryAsync(slo, found.Targets, cancellationToken)));
        }
        var longest = found.Slos.Max(s => s.Window);
        return new ServiceSloDetail(report, history, await DeploymentsAsync(service, now - longest, cancellationToken));
    }

    private async Task<ServiceSloReport> ReportAsync(ServiceSlos service, CancellationToken cancellationToken)
    {
        var slos = new List<SloReport>();
        foreach (var slo in service.Slos)
        {
            slos.Add(SloReport.From(await measurements.StatusAsync(service.Service, slo, service.Targets, cancellationToken)));
        }
        return new ServiceSloReport(service.Service, service.Targets, slos);
    }

    private async Task<IReadOnlyList<DeploymentMarker>> DeploymentsAsync(string service, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var records = (await releases.ListRecentAsync(500, cancellationToken))
            .Where(r => ReleaseServiceName.Of(r) == service)
            .ToList();
        var events = await journal.ReadManyAsync(records.Select(r => r.Id).ToList(), cancellationToken);
        var markers = new List<DeploymentMarker>();
        foreach (var record in records)
        {
            foreach (var e in events.GetValueOrDefault(record.Id) ?? [])
            {
                if (e.Type != nameof(StateChanged) || e.At < since)
                {
                    continue;
                }
                var change = e.Payload<StateChanged>();
                var what = change.To switch
                {
                    Lifecycle.Deploying when change.From == Lifecycle.Validated => "started",
                    Lifecycle.Promoted => "promoted",
                    Lifecycle.RolledBack => "rolled back",
                    _ => null,
                };
                if (what is not null)
                {
                    markers.Add(new DeploymentMarker(e.At, record.Id, record.Version, what));
                }
            }
        }
        return markers.OrderBy(m => m.At).ToList();
    }
}

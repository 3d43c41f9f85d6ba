using System.Diagnostics;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// On the first start of an empty portal, writes twelve months of <see cref="DemoHistory"/> into the journal so the
/// delivery dashboards mean something at once. Turned off with <c>Portal:SeedDemoHistory=false</c>; never touches
/// a database that already has releases, so it runs at most once.
/// </summary>
public sealed class DemoHistorySeeder(
    IOptions<PortalOptions> options,
    PortalDatabase database,
    ReleaseRepository releases,
    TemplateRepository templates,
    JournalWriter writer,
    TimeProvider time,
    ILogger<DemoHistorySeeder> logger) : IHostedService
{
    /// <summary>About eight releases a day for a year: meaningful figures, and a first start of a second or two.</summary>
    public const int Releases = 3_000;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoHistory)
        {
            return;
        }
        // Nodes of a cluster starting together on an empty database: one seeds, the others then find its history.
        await using var startup = await database.LockStartupWorkAsync(cancellationToken);
        if ((await releases.ListRecentAsync(1, cancellationToken)).Count > 0)
        {
            return;
        }
        var clock = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        var (template, _) = await templates.SaveAsync(DemoHistory.TemplateName, "Imported demo history for the delivery dashboards; its releases never ran.", DemoHistory.TemplateYaml, DemoHistory.Actor, now, cancellationToken);
        var history = new DemoHistory().Generate(Releases, 365, now, template.Version);
        await DemoHistory.WriteAsync(writer, history, cancellationToken: cancellationToken);
        logger.LogInformation("Seeded {Count} releases of demo history in {Elapsed} ms (Portal:SeedDemoHistory)", Releases, clock.ElapsedMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

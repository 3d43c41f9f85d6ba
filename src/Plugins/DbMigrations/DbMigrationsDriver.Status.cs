using PortalRelease.Plugins.DbMigrations.Migrations;
using PortalRelease.Plugins.DbMigrations.Running;
using PortalRelease.Plugins.DbMigrations.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations;

internal sealed partial class DbMigrationsDriver
{
    public async Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var settings = DbSettingsReader.Parse(target, _policy);
        var catalog = MigrationCatalog.Load(settings.MigrationsPath);
        (string Server, bool JournalExists, List<Database.JournalRow> Journal, Database.RoutingState State, Database.CallRow? Call) read;
        try
        {
            read = await MigrationRunner.ReadAsync(target, settings, null, cancellationToken);
        }
        catch (DriverException ex)
        {
            return new TargetStatus { Health = TargetHealth.Unhealthy, Ready = false, Detail = ex.Message };
        }

        var applied = MigrationPlanner.Applied(read.Journal);
        var drift = MigrationPlanner.Drift(catalog, applied);
        var pendingExpand = catalog.Expand.Count(f => !applied.ContainsKey(f.RelativePath));
        var pendingContract = catalog.Contract.Count(f => !applied.ContainsKey(f.RelativePath));
        var latest = catalog.Versions.LastOrDefault()?.Text ?? "(no versions)";
        var problems = catalog.Problems.Concat(drift).ToList();
        var detail = $"{read.Server}; {applied.Count} migration{(applied.Count == 1 ? "" : "s")} applied; "
            + $"pending up to {latest}: {pendingExpand} expand, {pendingContract} contract."
            + (problems.Count == 0 ? "" : " Problems: " + string.Join(" ", problems));
        return new TargetStatus
        {
            StableVersion = read.State.Stable,
            CanaryVersion = read.State.Canary,
            CanaryWeight = read.State.CanaryWeight,
            PreviewVersion = read.State.Preview,
            PreviousVersion = read.State.Previous,
            Ready = true,
            Health = problems.Count == 0 ? TargetHealth.Healthy : TargetHealth.Degraded,
            Detail = detail,
        };
    }
}

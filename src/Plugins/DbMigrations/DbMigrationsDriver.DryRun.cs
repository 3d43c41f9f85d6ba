using PortalRelease.Plugins.DbMigrations.Database;
using PortalRelease.Plugins.DbMigrations.Migrations;
using PortalRelease.Plugins.DbMigrations.Running;
using PortalRelease.Plugins.DbMigrations.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations;

internal sealed partial class DbMigrationsDriver
{
    /// <summary>The apply's plan, read from the journal without locking or creating anything; refuses what the apply would refuse.</summary>
    public async Task<DryRunPlan> PlanAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var version = CheckRequest(request);
        var settings = DbSettingsReader.Parse(target, _policy);
        var catalog = LoadForApply(target, settings);
        var read = await MigrationRunner.ReadAsync(target, settings, request.IdempotencyKey, cancellationToken);
        if (read.Call is { } earlier)
        {
            return new DryRunPlan { Steps = [], Summary = $"Nothing would run: key '{request.IdempotencyKey}' was already applied at {earlier.CalledAt} ({earlier.Detail})" };
        }

        var applied = MigrationPlanner.Applied(read.Journal);
        var drift = MigrationPlanner.Drift(catalog, applied);
        if (drift.Count > 0)
        {
            throw new DriverException($"The apply would be refused on target '{target.Name}': {string.Join(" ", drift)}");
        }

        var plan = MigrationPlanner.ForApply(catalog, applied, request, version, read.State);
        var dialect = MigrationDialect.For(settings.Provider);
        var steps = new List<DryRunStep>
        {
            new() { Title = $"Connect to the {settings.ProviderName} database ({read.Server})" },
            new() { Title = dialect.LockDescription(settings.LockTimeout) },
        };
        if (!read.JournalExists)
        {
            steps.Add(new DryRunStep { Title = $"Create the journal tables {MigrationDialect.JournalTable} and {MigrationDialect.CallsTable}", Text = dialect.JournalDdl });
        }

        steps.Add(new DryRunStep { Title = $"Check key '{request.IdempotencyKey}' is new and every applied migration's checksum is unchanged" });
        steps.AddRange(plan.Files.Select(f => new DryRunStep { Title = $"Run {MigrationFile.PhaseName(f.Phase)} migration {f.RelativePath}", Text = f.Sql }));
        steps.Add(new DryRunStep
        {
            Title = $"Record {plan.Files.Count} file{(plan.Files.Count == 1 ? "" : "s")} in {MigrationDialect.JournalTable} and the call in {MigrationDialect.CallsTable}; commit (all or nothing)",
        });

        var summary = plan.Detail.StartsWith("Ran ", StringComparison.Ordinal) ? "Would run " + plan.Detail["Ran ".Length..] : plan.Detail;
        return new DryRunPlan { Steps = steps, Summary = summary };
    }
}

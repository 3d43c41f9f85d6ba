using PortalRelease.Plugins.DbMigrations.Database;
using PortalRelease.Plugins.DbMigrations.Migrations;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations.Running;

/// <summary>
/// Maps the portal's calls onto migration phases (see docs/drivers/db-migrations.md):
/// an apply that puts the new version beside the old one (canary, mirror, preview, a rolling batch, all-at-once)
/// runs the pending EXPAND migrations up to its version; a promotion (stable at 100 with canary or rolling) also runs
/// the CONTRACT migrations up to it; blue-green contracts when the previous version is retired (previous at 0);
/// all-at-once contracts earlier versions first, since every instance already runs at least the previous version.
/// A rollback runs the down scripts of the expand migrations the release applied, newest first.
/// </summary>
internal static class MigrationPlanner
{
    public const string ApplyAction = "apply";
    public const string RollbackAction = "rollback";

    private const string DownSuffix = ".down.sql";
    private const string ExpandSuffix = ".expand.sql";

    /// <summary>The files applied now, by path: expand and contract rows, minus expand migrations a down script undid.</summary>
    public static Dictionary<string, JournalRow> Applied(IEnumerable<JournalRow> journal)
    {
        var applied = new Dictionary<string, JournalRow>(StringComparer.Ordinal);
        foreach (var row in journal)
        {
            if (row.Phase == MigrationFile.PhaseName(MigrationPhase.Down))
            {
                applied.Remove(ExpandPathOf(row.File));
            }
            else
            {
                applied[row.File] = row;
            }
        }

        return applied;
    }

    /// <summary>Applied files whose script changed since it ran: each one a message naming the file.</summary>
    public static List<string> Drift(MigrationCatalog catalog, IReadOnlyDictionary<string, JournalRow> applied) =>
        applied.Values
            .Where(row => catalog.ByPath.TryGetValue(row.File, out var file) && file.Checksum != row.Checksum)
            .Select(row => $"{row.File} was applied at {row.AppliedAt} with checksum {row.Checksum[..12]}, but the file now has checksum "
                + $"{catalog.ByPath[row.File].Checksum[..12]}: an applied migration must never change. Restore the file and add a new migration for the change.")
            .ToList();

    public static MigrationPlan ForApply(MigrationCatalog catalog, IReadOnlyDictionary<string, JournalRow> applied, ApplyRequest request, MigrationVersion version, RoutingState state)
    {
        var pending = (IEnumerable<MigrationFile> files, Func<MigrationVersion, bool> include) =>
            files.Where(f => include(f.Version) && !applied.ContainsKey(f.RelativePath)).ToList();
        var upTo = (MigrationVersion limit) => (Func<MigrationVersion, bool>)(v => v.CompareTo(limit) <= 0);

        List<MigrationFile> files;
        RoutingState after;
        string what;
        switch (request.Cohort)
        {
            case Cohorts.Canary or Cohorts.Mirror:
                files = pending(catalog.Expand, upTo(version));
                after = state with { Canary = request.Version, CanaryWeight = request.Cohort == Cohorts.Mirror ? 0 : request.Weight };
                what = $"{request.Cohort} {request.Version} at {request.Weight}%";
                break;
            case Cohorts.Preview:
                files = pending(catalog.Expand, upTo(version));
                after = state with { Preview = request.Version };
                what = $"preview {request.Version}";
                break;
            case Cohorts.Stable when request.Weight < 100:
                files = pending(catalog.Expand, upTo(version));
                after = state with { Canary = request.Version, CanaryWeight = request.Weight };
                what = $"{request.Version} on {request.Weight}% of instances";
                break;
            case Cohorts.Stable when request.Strategy == DeploymentStrategy.AllAtOnce:
                files = [.. pending(catalog.Contract, v => v.CompareTo(version) < 0), .. pending(catalog.Expand, upTo(version))];
                after = new RoutingState(request.Version, null, 0, null, null);
                what = $"all-at-once deployment of {request.Version}";
                break;
            case Cohorts.Stable when request.Strategy == DeploymentStrategy.BlueGreen:
                files = pending(catalog.Expand, upTo(version));
                after = new RoutingState(request.Version, null, 0, null, state.Stable == request.Version ? state.Previous : state.Stable);
                what = $"switch to {request.Version}";
                break;
            case Cohorts.Stable:
                files = [.. pending(catalog.Expand, upTo(version)), .. pending(catalog.Contract, upTo(version))];
                after = new RoutingState(request.Version, null, 0, null, null);
                what = $"promotion of {request.Version}";
                break;
            default:
                // Previous: at 0 the version before the switch is retired, so the live version's contract can run.
                var live = state.Stable is { } stable && MigrationVersion.TryParse(stable) is { } parsed ? parsed : version;
                files = request.Weight == 0 ? pending(catalog.Contract, upTo(live)) : [];
                after = request.Weight == 0 ? state with { Previous = null } : state;
                what = request.Weight == 0 ? $"retirement of the previous version (contract up to {live.Text})" : $"previous {request.Version} at {request.Weight}%";
                break;
        }

        var detail = files.Count == 0
            ? $"No migrations pending for {what}: the database is ready for it."
            : $"Ran {files.Count} migration{(files.Count == 1 ? "" : "s")} for {what}: {string.Join(", ", files.Select(f => f.RelativePath))}.";
        return new MigrationPlan { Action = ApplyAction, Files = files, After = after, Detail = detail };
    }

    public static MigrationPlan ForRollback(MigrationCatalog catalog, IReadOnlyDictionary<string, JournalRow> applied, RollbackRequest request)
    {
        var ours = applied.Values.Where(r => r.ReleaseId == request.ReleaseId).OrderByDescending(r => r.Id).ToList();
        var expands = ours.Where(r => r.Phase == MigrationFile.PhaseName(MigrationPhase.Expand)).ToList();
        var contracts = ours.Where(r => r.Phase == MigrationFile.PhaseName(MigrationPhase.Contract)).OrderBy(r => r.Id).ToList();

        var downs = new List<MigrationFile>();
        var notUndone = new List<string>();
        foreach (var row in expands)
        {
            var id = row.File[..^ExpandSuffix.Length];
            if (catalog.Down.TryGetValue(id, out var down))
            {
                downs.Add(down);
            }
            else
            {
                notUndone.Add(row.File);
            }
        }

        // No version to return to means the target ran nothing before the release (the SDK's meaning): the schema is
        // left marked with no version, never with the release's own or one the portal did not ask for.
        var to = string.IsNullOrEmpty(request.ToVersion) ? null : request.ToVersion;
        var parts = new List<string> { to is null ? $"Rolled back {request.FromVersion} to no version: the target ran nothing before it." : $"Rolled back {request.FromVersion} to {to}." };
        if (expands.Count == 0)
        {
            parts.Add("This release applied no expand migrations: nothing to undo in the database.");
        }

        if (downs.Count > 0)
        {
            parts.Add($"Ran down script{(downs.Count == 1 ? "" : "s")}: {string.Join(", ", downs.Select(d => d.RelativePath))}.");
        }

        if (notUndone.Count > 0)
        {
            parts.Add($"Data changes are NOT undone for {string.Join(", ", notUndone)}: no down script, so the schema keeps these expand changes "
                + $"(they are backward compatible: {to ?? "an application of the previous schema"} runs on them).");
        }

        if (contracts.Count > 0)
        {
            parts.Add($"Contract migrations are never undone: {string.Join(", ", contracts.Select(c => c.File))} ran at promotion and their data changes stay.");
        }

        return new MigrationPlan
        {
            Action = RollbackAction,
            Files = downs,
            After = new RoutingState(to, null, 0, null, null),
            Detail = string.Join(" ", parts),
        };
    }

    private static string ExpandPathOf(string downPath) =>
        downPath.EndsWith(DownSuffix, StringComparison.Ordinal) ? downPath[..^DownSuffix.Length] + ExpandSuffix : downPath;
}

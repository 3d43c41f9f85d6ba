using System.Text.Json;
using PortalRelease.Plugins.DbMigrations.Migrations;
using PortalRelease.Plugins.DbMigrations.Running;
using PortalRelease.Plugins.DbMigrations.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations;

/// <summary>
/// The db-migrations target driver. Apply runs expand or contract migrations depending on the cohort, weight and
/// strategy (<see cref="MigrationPlanner"/>); rollback runs the release's down scripts; the plan of an apply can be
/// read without running it (<see cref="IDryRunDriver"/>). Everything a call does happens in one transaction in the
/// target database, with the call's idempotency key recorded in the same transaction.
/// </summary>
internal sealed partial class DbMigrationsDriver : ITargetDriver, IDryRunDriver
{
    private static readonly string[] KnownCohorts = [Cohorts.Canary, Cohorts.Mirror, Cohorts.Preview, Cohorts.Stable, Cohorts.Previous];

    private readonly MigrationRunner _runner;
    private readonly IHostPolicy _policy;

    /// <param name="time">The portal's clock.</param>
    /// <param name="policy">The operator's policy: where SQLite files and migration folders may lie, which PostgreSQL hosts are allowed.</param>
    public DbMigrationsDriver(TimeProvider time, IHostPolicy policy)
    {
        _runner = new MigrationRunner(time);
        _policy = policy;
    }

    public string Kind => DbMigrationsPlugin.Kind;

    public string DisplayName => "Database migrations (expand/contract SQL)";

    public DriverCapabilities Capabilities =>
        DriverCapabilities.WeightedCanary | DriverCapabilities.AllAtOnce | DriverCapabilities.Rolling
        | DriverCapabilities.BlueGreen | DriverCapabilities.TrafficMirroring | DriverCapabilities.Rollback;

    public string SettingsSchema => DbSettingsSchema.Json;

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var errors = new List<SettingsError>();
        DbSettingsReader.Read(settings, new Dictionary<string, string>(), _policy, errors, out var migrationsPath);
        // The directory is local to the portal: reading it here finds destructive expand migrations before any release.
        // It is read whatever else is wrong, so one save reports every problem rather than the next one at a time; only
        // ever inside the operator's root, so no message describes a folder elsewhere.
        if (migrationsPath is not null)
        {
            errors.AddRange(MigrationCatalog.Load(migrationsPath).Problems.Select(p => new SettingsError { Path = "/migrationsPath", Message = p }));
        }

        return ValueTask.FromResult<IReadOnlyList<SettingsError>>(errors);
    }

    public Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var version = CheckRequest(request);
        var settings = DbSettingsReader.Parse(target, _policy);
        var catalog = LoadForApply(target, settings);
        return _runner.RunAsync(
            target, settings, catalog, request.IdempotencyKey, request.ReleaseId, request.Version, request.Cohort, request.Weight,
            (applied, state) => MigrationPlanner.ForApply(catalog, applied, request, version, state),
            applied => MigrationPlanner.Drift(catalog, applied),
            cancellationToken);
    }

    public Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RequireText(request.IdempotencyKey, "idempotency key");
        RequireText(request.ReleaseId, "release id");
        RequireText(request.FromVersion, "version to roll back from");
        var settings = DbSettingsReader.Parse(target, _policy);
        // A rollback is the way out of trouble: problems in the directory (a newer bad script) or drift never block it.
        var catalog = MigrationCatalog.Load(settings.MigrationsPath);
        return _runner.RunAsync(
            target, settings, catalog, request.IdempotencyKey, request.ReleaseId, request.FromVersion, null, null,
            (applied, _) => MigrationPlanner.ForRollback(catalog, applied, request),
            _ => [],
            cancellationToken);
    }

    private static MigrationCatalog LoadForApply(TargetContext target, DbSettings settings)
    {
        var catalog = MigrationCatalog.Load(settings.MigrationsPath);
        if (catalog.Problems.Count > 0)
        {
            throw new DriverException(
                $"Refused before anything ran on target '{target.Name}': the migrations directory has {catalog.Problems.Count} problem{(catalog.Problems.Count == 1 ? "" : "s")}: "
                + string.Join(" ", catalog.Problems));
        }

        return catalog;
    }

    private static MigrationVersion CheckRequest(ApplyRequest request)
    {
        RequireText(request.IdempotencyKey, "idempotency key");
        RequireText(request.ReleaseId, "release id");
        RequireText(request.Version, "version");
        if (request.Weight is < 0 or > 100)
        {
            throw new DriverException($"Weight {request.Weight} is out of range: a weight is a percentage from 0 to 100.");
        }

        if (!KnownCohorts.Contains(request.Cohort, StringComparer.Ordinal))
        {
            throw new DriverException($"Unknown cohort '{request.Cohort}': db-migrations applies to {string.Join(", ", KnownCohorts.Select(c => $"'{c}'"))}.");
        }

        return MigrationVersion.TryParse(request.Version)
            ?? throw new DriverException($"Version '{request.Version}' cannot be ordered against the migration folders: use numbers with dots and an optional -suffix, e.g. 1.4.0 or 2.0.0-rc.1.");
    }

    private static void RequireText(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DriverException($"The {what} must not be empty.");
        }
    }
}

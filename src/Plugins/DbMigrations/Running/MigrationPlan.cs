using PortalRelease.Plugins.DbMigrations.Database;
using PortalRelease.Plugins.DbMigrations.Migrations;

namespace PortalRelease.Plugins.DbMigrations.Running;

/// <summary>What one apply or rollback runs, in order, and what the target reports afterwards.</summary>
internal sealed class MigrationPlan
{
    public required string Action { get; init; }

    /// <summary>The scripts to run, in order.</summary>
    public required IReadOnlyList<MigrationFile> Files { get; init; }

    public required RoutingState After { get; init; }

    /// <summary>What the call did (or would do), for the release timeline; names the files.</summary>
    public required string Detail { get; init; }
}

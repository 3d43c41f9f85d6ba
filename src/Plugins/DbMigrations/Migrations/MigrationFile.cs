using System.Security.Cryptography;
using System.Text;

namespace PortalRelease.Plugins.DbMigrations.Migrations;

/// <summary>When a migration runs: expand before the new version serves, contract once the old one is gone, down on rollback.</summary>
internal enum MigrationPhase
{
    Expand,
    Contract,
    Down,
}

/// <summary>One <c>NNNN_name.phase.sql</c> file in a version folder.</summary>
internal sealed class MigrationFile
{
    public required MigrationVersion Version { get; init; }

    public required int Sequence { get; init; }

    /// <summary>The migration's name without phase: <c>0001_add_email</c>. An expand file and its down script share it.</summary>
    public required string Name { get; init; }

    public required MigrationPhase Phase { get; init; }

    public required string FullPath { get; init; }

    public required string Sql { get; init; }

    /// <summary>The path the journal records: <c>1.4.0/0001_add_email.expand.sql</c> (forward slashes on every OS).</summary>
    public string RelativePath => $"{Version.Text}/{FileName}";

    public string FileName => $"{Name}.{PhaseName(Phase)}.sql";

    /// <summary>The migration's identity across phases: <c>1.4.0/0001_add_email</c>.</summary>
    public string Id => $"{Version.Text}/{Name}";

    /// <summary>SHA-256 of the script with line endings normalised, so a checkout with CRLF does not count as a change.</summary>
    public string Checksum => Hash(Sql);

    public static string Hash(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.Replace("\r\n", "\n", StringComparison.Ordinal))));

    public static string PhaseName(MigrationPhase phase) => phase switch
    {
        MigrationPhase.Expand => "expand",
        MigrationPhase.Contract => "contract",
        _ => "down",
    };
}

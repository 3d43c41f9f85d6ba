using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>
/// All SQL lives in src/Portal/Data/, and nothing above it knows which provider holds the data: a file elsewhere that
/// queries the database (Dapper, a command of its own) or names a provider's types (SQLite's, Npgsql's) fails this test,
/// except those not yet moved, listed here so the list only shrinks.
/// </summary>
public sealed class SqlPlacementTests
{
    private static readonly string[] NotYetMoved = [];

    private static readonly string[] Forbidden = ["using Dapper;", "Sqlite", "Npgsql", "CreateCommand("];

    [Fact]
    public void DatabaseQueries_OutsideData_AreOnlyTheOnesNotYetMoved()
    {
        var portal = Path.Combine(TempPortalHome.RepoRoot(), "src", "Portal");

        var outside = Directory.EnumerateFiles(portal, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(portal, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.StartsWith("Data/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("bin/", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(Path.Combine(portal, f)) is var text
                && Forbidden.Any(token => text.Contains(token, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(NotYetMoved, outside);
    }
}

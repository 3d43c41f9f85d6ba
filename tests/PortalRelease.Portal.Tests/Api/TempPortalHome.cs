using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>
/// A fresh portal home in a temporary folder: <c>data/</c> and <c>plugins/Sandbox</c> copied from the plugin the
/// Sandbox build deployed at the repository root. Deleted on dispose.
/// </summary>
internal sealed class TempPortalHome : IDisposable
{
    public TempPortalHome()
    {
        Root = Directory.CreateTempSubdirectory("portal-engine-").FullName;
        DataDirectory = Path.Combine(Root, "data");
        PluginsDirectory = Path.Combine(Root, "plugins");
        Directory.CreateDirectory(DataDirectory);
        var source = Path.Combine(RepoRoot(), "plugins", "Sandbox");
        Assert.True(File.Exists(Path.Combine(source, "plugin.json")), $"The Sandbox plugin is not deployed to {source}; build src/Plugins/Sandbox first.");
        var target = Directory.CreateDirectory(Path.Combine(PluginsDirectory, "Sandbox")).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    public string Root { get; }

    public string DataDirectory { get; }

    public string PluginsDirectory { get; }

    public string DatabaseFile => Path.Combine(DataDirectory, "portal.db");

    /// <summary>
    /// Every entry of a target's Sandbox ledger as JSON, in order (empty when the target was never called). The portal gives
    /// the plugin its state store, so the ledger is in the portal's database, not a file.
    /// </summary>
    public IReadOnlyList<JsonElement> LedgerEntries(string target) => ReadDatabase(connection => SandboxLedgerRows.Read(connection, target), []);

    /// <summary>Every entry of a target's Sandbox ledger: key, action, release and outcome.</summary>
    public IReadOnlyList<LedgerLine> ReadLedger(string target) => ReadDatabase(connection => SandboxLedgerRows.Lines(connection, target), []);

    private T ReadDatabase<T>(Func<SqliteConnection, T> read, T whenNoDatabase)
    {
        if (!File.Exists(DatabaseFile))
        {
            return whenNoDatabase;
        }
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return read(connection);
    }

    public void Dispose()
    {
        // Pooled connections of this process would keep the database file open.
        SqliteConnection.ClearAllPools();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
                return;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                if (attempt >= 2)
                {
                    // A plugin load context not yet collected may still map a file; the OS cleans temp eventually.
                    return;
                }
                Thread.Sleep(200);
            }
        }
    }

    public static string RepoRoot([CallerFilePath] string sourceFile = "") =>
        FindSolutionFolder(AppContext.BaseDirectory) ?? FindSolutionFolder(Path.GetDirectoryName(sourceFile)!)
        ?? throw new InvalidOperationException("PortalRelease.sln not found above the test binaries or sources.");

    private static string? FindSolutionFolder(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PortalRelease.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}

internal sealed record LedgerLine(string Key, string Action, string ReleaseId, string Outcome);

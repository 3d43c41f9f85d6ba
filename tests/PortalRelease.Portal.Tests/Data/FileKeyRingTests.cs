using System.Diagnostics;
using System.Xml.Linq;
using Dapper;
using Npgsql;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>
/// What <c>migrate-store</c> takes from the SQLite portal's <c>keys/</c> folder: regular key files of a bounded size,
/// nothing a link, pipe or device makes it read. Each refusal names the file and leaves the target database empty.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FileKeyRingTests(PostgresServer server)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MigrateStore_NormalKeyRing_CopiesEveryKeyFile()
    {
        using var home = await MigrateStoreTests.SeededHomeAsync();
        var files = KeyFiles(home);
        var database = await server.CreateDatabaseAsync();

        var (exit, output, error) = await MigrateStoreTests.RunAsync(server.ConnectionStringFor(database), home).WaitAsync(Patience);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        await using (var connection = new NpgsqlConnection(server.ConnectionStringFor(database)))
        {
            var names = await connection.QueryAsync<string>("SELECT friendly_name FROM data_protection_keys ORDER BY friendly_name");
            Assert.Equal(files.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal), names);
        }
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task MigrateStore_SymlinkedKeyFile_Exits2NamingTheFileAndCopiesNothing()
    {
        using var home = await MigrateStoreTests.SeededHomeAsync();
        // A link to a file outside the ring: here a valid key, so only the link itself can be the reason to refuse.
        var outside = Path.Combine(home.Root, "elsewhere.xml");
        File.WriteAllText(outside, AnotherKey(home));
        File.CreateSymbolicLink(Path.Combine(home.DataDirectory, "keys", "key-linked.xml"), outside);

        await AssertRefusedAsync(home, "keys/key-linked.xml", "not a regular file");
    }

    [Fact]
    public async Task MigrateStore_OversizeKeyFile_Exits2NamingTheFileAndCopiesNothing()
    {
        using var home = await MigrateStoreTests.SeededHomeAsync();
        // A valid key padded past the bound with a comment: well-formed, so only its size can be the reason to refuse.
        var key = AnotherKey(home);
        var padded = key.Insert(key.IndexOf("<key ", StringComparison.Ordinal), $"<!--{new string('x', 300 * 1024)}-->");
        File.WriteAllText(Path.Combine(home.DataDirectory, "keys", "key-oversize.xml"), padded);

        await AssertRefusedAsync(home, "keys/key-oversize.xml", "256 KiB");
    }

    [Fact]
    public async Task MigrateStore_FifoKeyFile_Exits2NamingTheFileAndCopiesNothing()
    {
        using var home = await MigrateStoreTests.SeededHomeAsync();
        var fifo = Path.Combine(home.DataDirectory, "keys", "key-fifo.xml");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        try
        {
            await AssertRefusedAsync(home, "keys/key-fifo.xml", "not a regular file");
        }
        catch (TimeoutException)
        {
            // Opened for reading, a pipe with no writer blocks for ever: open it for writing so the stuck read ends.
            await File.WriteAllTextAsync(fifo, "");
            Assert.Fail($"migrate-store did not finish within {Patience.TotalSeconds} s: it opened the pipe keys/key-fifo.xml and waited for a writer.");
        }
    }

    private async Task AssertRefusedAsync(TempPortalHome home, string file, string reason)
    {
        var database = await server.CreateDatabaseAsync();

        // On a thread of its own: a read that blocks (a pipe) must not block the test past its patience.
        var (exit, output, error) = await Task.Run(() => MigrateStoreTests.RunAsync(server.ConnectionStringFor(database), home)).WaitAsync(Patience);

        Assert.True(exit == 2, $"exit {exit}\n{output}\n{error}");
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains("nothing was copied", error, StringComparison.OrdinalIgnoreCase);
        await using (var connection = new NpgsqlConnection(server.ConnectionStringFor(database)))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        }
        await server.DropDatabaseAsync(database);
    }

    /// <summary>A copy of the ring's first key under an id of its own, so it is a key the ring does not hold yet.</summary>
    private static string AnotherKey(TempPortalHome home)
    {
        var key = XElement.Load(KeyFiles(home)[0]);
        key.SetAttributeValue("id", Guid.NewGuid().ToString());
        return key.ToString();
    }

    private static string[] KeyFiles(TempPortalHome home)
    {
        var files = Directory.GetFiles(Path.Combine(home.DataDirectory, "keys"), "key-*.xml");
        Assert.NotEmpty(files);
        return files;
    }
}

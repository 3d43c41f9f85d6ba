using PortalRelease.Testing;

namespace PortalRelease.Cli.Tests;

/// <summary>
/// A fresh portal home in a temporary folder (<c>data/</c>, and <c>plugins/Sandbox</c> copied from the plugin the
/// build deployed at the repository root), and the portal started over it as a child process. Deleted on dispose.
/// </summary>
internal sealed class PortalHome : IDisposable
{
    public PortalHome()
    {
        Root = Directory.CreateTempSubdirectory("portal-cli-home-").FullName;
        DataDirectory = Directory.CreateDirectory(Path.Combine(Root, "data")).FullName;
        PluginsDirectory = Path.Combine(Root, "plugins");
        ConfigDirectory = Directory.CreateDirectory(Path.Combine(Root, "config")).FullName;
        var sandbox = Path.Combine(Paths.RepoRoot, "plugins", "Sandbox");
        Assert.True(File.Exists(Path.Combine(sandbox, "plugin.json")), $"The Sandbox plugin is not deployed to {sandbox}; build src/Plugins/Sandbox first.");
        var target = Directory.CreateDirectory(Path.Combine(PluginsDirectory, "Sandbox")).FullName;
        foreach (var file in Directory.GetFiles(sandbox))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    public string Root { get; }

    public string DataDirectory { get; }

    public string PluginsDirectory { get; }

    /// <summary>An empty folder for the tool's <c>XDG_CONFIG_HOME</c> (where <c>portal login</c> stores its file).</summary>
    public string ConfigDirectory { get; }

    /// <summary>
    /// Starts the portal over this home, in development sign-in mode with fast sampling, and waits until it is healthy;
    /// returns it and the address it serves. With <paramref name="port"/> it listens there (a restart on the address its
    /// clients know) instead of on the free port <see cref="PortalChild"/> chose. <paramref name="arguments"/> are settings
    /// after the development ones, which they override (the last value of a setting wins).
    /// </summary>
    public async Task<(PortalChild Portal, Uri Address)> StartPortalAsync(int? port = null, IEnumerable<string>? arguments = null)
    {
        string[] settings = ["--Portal:Engine:SampleInterval=00:00:00.500", "--Portal:SeedDemoHistory=false", .. arguments ?? []];
        // The last --urls on the command line wins.
        var portal = PortalChild.Start(
            Paths.Dotnet(), Paths.PortalDll(), Root, DataDirectory, PluginsDirectory,
            port is { } fixedPort ? [.. settings, "--urls", $"http://127.0.0.1:{fixedPort}"] : settings, new Dictionary<string, string>());
        var address = port is { } p ? new Uri($"http://127.0.0.1:{p}") : portal.BaseAddress;
        try
        {
            using var health = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            await portal.WaitUntilOkAsync(health, "/healthz", TimeSpan.FromSeconds(90));
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
        return (portal, address);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp eventually.
        }
    }
}

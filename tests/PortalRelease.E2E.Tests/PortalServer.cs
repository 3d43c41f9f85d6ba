using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PortalRelease.E2E.Tests;

/// <summary>
/// The real portal on real Kestrel (a random loopback port), over a fresh data folder with the real Sandbox
/// plugin copied from the repository's plugins/ folder, seeded with the sample templates and targets.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly IReadOnlyDictionary<string, string> _settings;

    public PortalServer()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>A portal with <paramref name="settings"/> on top of the test defaults (configuration keys, e.g. Portal:Access:Groups:sre:0).</summary>
    public PortalServer(IReadOnlyDictionary<string, string> settings)
    {
        _settings = settings;
        UseKestrel(0);
        RepoPaths.CopyDirectory(Path.Combine(RepoPaths.Root, "plugins", "Sandbox"), Path.Combine(_root, "plugins", "Sandbox"));
    }

    /// <summary>The portal's data folder (the database, the printed first admin password).</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    public string BaseUrl
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        // The journeys are about releasing; sign-in has its own browser test (SignInTests), which overrides this.
        builder.UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", DataDirectory);
        builder.UseSetting("Portal:PluginsDirectory", Path.Combine(_root, "plugins"));
        builder.UseSetting("Portal:SeedSamples", "true");
        // Explicitly off, whatever appsettings.json the host finds: 3,000 demo releases folded into the dashboard facts
        // at start would compete with the tests' own writes on a loaded machine. The dashboard test writes its own history.
        builder.UseSetting("Portal:SeedDemoHistory", "false");
        builder.UseSetting("Portal:Engine:SampleInterval", "00:00:00.500");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A plugin's files may still be mapped; the temp folder is cleaned by the OS later.
            }
        }
    }
}

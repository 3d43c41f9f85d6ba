using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>
/// The whole portal in memory (<see cref="WebApplicationFactory{TEntryPoint}"/>) over a fresh <see cref="TempPortalHome"/>,
/// with the seeded samples, the real Sandbox plugin and a fast telemetry sample interval.
/// </summary>
internal sealed class TestPortal : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    /// <param name="settings">Settings on top of the test defaults, e.g. <c>Portal:Storage:Provider</c>.</param>
    /// <param name="home">A home to run in (another portal's, to restart on its data); by default a fresh one, deleted on dispose.</param>
    public TestPortal(IReadOnlyDictionary<string, string>? settings = null, TempPortalHome? home = null)
    {
        Home = home ?? new TempPortalHome();
        _ownsHome = home is null;
        // Absolute folders: the test host's content root (src/Portal) never decides where data goes.
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", Home.DataDirectory)
                .UseSetting("Portal:PluginsDirectory", Home.PluginsDirectory)
                .UseSetting("Portal:Engine:SampleInterval", "00:00:00.500");
            // On PostgreSQL the portal refuses to start without a key ring certificate: every test portal there gets the run's one.
            foreach (var (key, value) in Targets.TestKeyRing.ForPostgres(settings))
            {
                builder.UseSetting(key, value);
            }
        });
        Http = _factory.CreateClient();
        Client = new TestClient(Http, () => _factory.Server.CreateHandler());
    }

    private readonly bool _ownsHome;

    public TempPortalHome Home { get; }

    public HttpClient Http { get; }

    public TestClient Client { get; }

    public TestServer Server => _factory.Server;

    public IServiceProvider Services => _factory.Services;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        if (_ownsHome)
        {
            Home.Dispose();
        }
    }
}

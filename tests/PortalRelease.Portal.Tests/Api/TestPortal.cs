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

    public TestPortal()
    {
        // Absolute folders: the test host's content root (src/Portal) never decides where data goes.
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", Home.DataDirectory)
            .UseSetting("Portal:PluginsDirectory", Home.PluginsDirectory)
            .UseSetting("Portal:Engine:SampleInterval", "00:00:00.500"));
        Http = _factory.CreateClient();
        Client = new PortalClient(Http);
    }

    public TempPortalHome Home { get; } = new();

    public HttpClient Http { get; }

    public PortalClient Client { get; }

    public TestServer Server => _factory.Server;

    public IServiceProvider Services => _factory.Services;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        Home.Dispose();
    }
}

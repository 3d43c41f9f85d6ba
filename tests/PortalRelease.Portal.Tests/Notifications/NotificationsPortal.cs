using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Notifications;

/// <summary>
/// The whole portal in memory with the Sandbox plugin and the given notification settings on top of
/// appsettings.json; a second instance over the same <see cref="TempPortalHome"/> is a restart.
/// </summary>
internal sealed class NotificationsPortal : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly bool _ownsHome;

    public NotificationsPortal(IReadOnlyDictionary<string, string?> settings, TempPortalHome? home = null)
    {
        _ownsHome = home is null;
        Home = home ?? new TempPortalHome();
        _factory = Factory(Home, settings);
        Http = _factory.CreateClient();
        Client = new TestClient(Http);
    }

    public TempPortalHome Home { get; }

    public HttpClient Http { get; }

    public TestClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public static WebApplicationFactory<Program> Factory(TempPortalHome home, IReadOnlyDictionary<string, string?> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", home.DataDirectory)
                .UseSetting("Portal:PluginsDirectory", home.PluginsDirectory)
                .UseSetting("Portal:Engine:SampleInterval", "00:00:00.500");
            foreach (var (key, value) in Targets.TestKeyRing.ForPostgresNullable(settings))
            {
                builder.UseSetting(key, value);
            }
        });

    /// <summary>Settings for webhooks as appsettings.json would hold them, plus fast retries.</summary>
    public static Dictionary<string, string?> Settings(params (string Name, Uri Url, string Format, string? SecretVariable, string[] Events)[] webhooks)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Portal:Notifications:PortalUrl"] = "https://portal.example.test/",
            ["Portal:Notifications:RetryDelay"] = "00:00:00.050",
            ["Portal:Notifications:MaxAttempts"] = "4",
        };
        for (var i = 0; i < webhooks.Length; i++)
        {
            var (name, url, format, secret, events) = webhooks[i];
            var prefix = $"Portal:Notifications:Webhooks:{i}:";
            settings[prefix + "Name"] = name;
            settings[prefix + "Url"] = url.AbsoluteUri;
            settings[prefix + "Format"] = format;
            if (secret is not null)
            {
                settings[prefix + "SecretEnvironmentVariable"] = secret;
            }
            for (var e = 0; e < events.Length; e++)
            {
                settings[$"{prefix}Events:{e}"] = events[e];
            }
        }
        return settings;
    }

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

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>
/// The whole portal on real Kestrel (a free loopback port) over a fresh <see cref="TempPortalHome"/>, in the
/// Production environment a deployed portal runs in unless told otherwise: request-size limits, the exception
/// handler and the wire behave as they do for a real client.
/// </summary>
internal sealed class KestrelPortal : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string _environment;

    public KestrelPortal(IReadOnlyDictionary<string, string>? settings = null, string environment = "Production")
    {
        _settings = settings ?? new Dictionary<string, string>();
        _environment = environment;
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Client = new TestClient(Http);
    }

    public TempPortalHome Home { get; } = new();

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public TestClient Client { get; }

    /// <summary>Runs SQL against the portal's database file, as a fault or an older portal would have left it.</summary>
    public async Task ExecuteSqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={Home.DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", Home.DataDirectory);
        builder.UseSetting("Portal:PluginsDirectory", Home.PluginsDirectory);
        builder.UseSetting("Portal:SeedDemoHistory", "false");
        // The Sandbox copied into the temporary home is trusted as in development; trust is not what these tests test.
        builder.UseSetting("Portal:Plugins:DevelopmentMode", "true");
        builder.UseSetting("Portal:Engine:SampleInterval", "00:00:00.500");
        foreach (var (key, value) in Targets.TestKeyRing.ForPostgres(_settings))
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await base.DisposeAsync();
        Home.Dispose();
    }
}

using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// The whole portal in memory with the Sandbox and the <c>fixture-secrets</c> plugin (tests/Fixtures/SecretsPlugin)
/// loaded from disk, capturing every log line. A second instance over the same <see cref="TempPortalHome"/> is a restart.
/// </summary>
internal sealed class TargetsPortal : IAsyncDisposable
{
    public const string Kind = "fixture-secrets";
    private const string FixtureAssembly = "PortalRelease.Fixtures.SecretsPlugin.dll";

    private readonly WebApplicationFactory<Program> _factory;
    private readonly bool _ownsHome;

    /// <param name="home">The portal's home; a fresh one when null.</param>
    /// <param name="settings">Configuration on top of the test defaults (keys such as <c>Portal:TargetPolicy:Kinds:db-migrations:Root</c>).</param>
    public TargetsPortal(TempPortalHome? home = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        _ownsHome = home is null;
        Home = home ?? new TempPortalHome();
        AddFixturePlugin(Home.PluginsDirectory);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder
                .UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", Home.DataDirectory)
                .UseSetting("Portal:PluginsDirectory", Home.PluginsDirectory)
                .UseSetting("Portal:Engine:SampleInterval", "00:00:00.500")
                .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
            foreach (var (key, value) in TestKeyRing.ForPostgres(settings))
            {
                builder.UseSetting(key, value);
            }
        });
        // Every response passes the recorder, so a test can scan all the API ever said.
        Http = _factory.CreateDefaultClient(Responses);
        Client = new TestClient(Http);
    }

    public TempPortalHome Home { get; }

    public HttpClient Http { get; }

    public TestClient Client { get; }

    public CapturedLogs Logs { get; } = new();

    public ResponseRecorder Responses { get; } = new();

    public IServiceProvider Services => _factory.Services;

    public async Task<HttpResponseMessage> CreateAsync(object body) => await Http.PostAsJsonAsync("/api/targets", body);

    public async Task<JsonElement> CreateOkAsync(object body)
    {
        using var response = await CreateAsync(body);
        return await ExpectAsync(response, System.Net.HttpStatusCode.Created);
    }

    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode} {text}");
        if (text.Length == 0)
        {
            return default;
        }
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    /// <summary>The <c>errors</c> of a 400 problem as (path, message) pairs, after checking it is problem+json.</summary>
    public static async Task<IReadOnlyList<(string Path, string Message)>> ProblemErrorsAsync(HttpResponseMessage response)
    {
        var problem = await ExpectAsync(response, System.Net.HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nothing was saved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("path").GetString()!, e.GetProperty("message").GetString()!))
            .ToList();
    }

    /// <summary>What the fixture driver reports for a secret: a hash prefix and length, never the value.</summary>
    public static string Fingerprint(string? value) =>
        value is null ? "none" : $"sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..12]} len {value.Length}";

    public static string Describe(string? password, string? token) => $"secrets: auth/password={Fingerprint(password)}, token={Fingerprint(token)}";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        if (_ownsHome)
        {
            Home.Dispose();
        }
    }

    private static void AddFixturePlugin(string pluginsDirectory)
    {
        var folder = Path.Combine(pluginsDirectory, "SecretsFixture");
        if (Directory.Exists(folder))
        {
            return;
        }
        Directory.CreateDirectory(folder);
        var source = Path.Combine(AppContext.BaseDirectory, "fixture-plugins", FixtureAssembly);
        Assert.True(File.Exists(source), $"Fixture plugin {source} was not built; tests/Fixtures are built by the test project.");
        File.Copy(source, Path.Combine(folder, FixtureAssembly));
        var manifest = new PluginManifest
        {
            Id = "secrets-fixture",
            Version = "1.0.0",
            AbiVersion = SdkAbi.Version,
            Assembly = FixtureAssembly,
            Description = "A driver with secrets, for the target tests.",
            TargetKinds = [Kind],
        };
        File.WriteAllText(Path.Combine(folder, PluginManifest.FileName), JsonSerializer.Serialize(manifest));
    }
}

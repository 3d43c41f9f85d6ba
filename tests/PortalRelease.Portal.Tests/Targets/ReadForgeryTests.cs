using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Strategies;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// Reads must not become a request-forgery channel: <c>GET /api/targets/{name}/dry-run</c> and <c>GET /api/slos…</c> call
/// out only to a stored destination the operator's policy allows when the read runs. A loopback listener stands in for a
/// host the policy forbids: a portal that allows loopback reaches it through the same read (so the read really calls
/// out), and after a restart with loopback refused the same read is refused and the listener sees no connection.
/// </summary>
public sealed class ReadForgeryTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("read-forgery-").FullName;
    private readonly TempPortalHome _home = new();
    private readonly ForbiddenHost _forbidden = new();

    public Task InitializeAsync()
    {
        CopyPlugin(_home.PluginsDirectory, "DbMigrations");
        CopyPlugin(_home.PluginsDirectory, "Prometheus");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _forbidden.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _home.Dispose();
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DryRun_StoredHostThePolicyRefuses_Is400AndNothingConnects()
    {
        const string dryRun = "/api/targets/app-db/dry-run?version=1.1.0&cohort=canary&weight=10";
        await using (var allowing = Portal(allowLoopback: true))
        {
            using var created = await allowing.Http.PostAsJsonAsync("/api/targets", new
            {
                name = "app-db",
                kind = "db-migrations",
                settings = new { provider = "postgresql", migrationsPath = Directory.CreateDirectory(Path.Combine(_work, "migrations")).FullName },
                secrets = new { connectionString = $"Host=127.0.0.1;Port={_forbidden.Port};Database=app;Username=migrator;Password=pw" },
            });
            await TargetsPortal.ExpectAsync(created, HttpStatusCode.Created);
            using var reached = await allowing.Http.GetAsync(dryRun);
            await _forbidden.WaitForConnectionAsync();
        }

        _forbidden.StopAccepting();
        await using var refusing = Portal(allowLoopback: false);
        // Query parameters naming a destination are not read: only the stored, checked one is.
        using var response = await refusing.Http.GetAsync($"{dryRun}&host=127.0.0.1&port={_forbidden.Port}&url=http://127.0.0.1:{_forbidden.Port}/");

        var problem = await TargetsPortal.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Portal:TargetPolicy:Kinds:db-migrations", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(_forbidden.HasPendingConnection, "The dry run connected to a host the policy refuses.");
    }

    [Fact]
    public async Task Slos_StoredPrometheusUrlThePolicyRefuses_ReportsThePolicyAndNothingConnects()
    {
        const string template = """
            name: web-slo
            service: web
            slos:
              - name: availability
                objective: 99%
                window: 10m
                provider: prometheus
                good: sum(rate(http_requests_total{code!~"5.."}[{{window}}]))
                total: sum(rate(http_requests_total[{{window}}]))
            stages:
              - name: prod
                targets: [web-eu]
                steps:
                  - setWeight: 10
            """;
        await using (var allowing = Portal(allowLoopback: true))
        {
            await allowing.Client.AddSandboxTargetAsync("web-eu", new { prometheus = new { url = $"http://127.0.0.1:{_forbidden.Port}/", timeoutSeconds = 5 } });
            await allowing.Client.ImportTemplateAsync(template);
            using var reached = await allowing.Http.GetAsync("/api/slos/web");
            await _forbidden.WaitForConnectionAsync();
        }

        _forbidden.StopAccepting();
        await using var refusing = Portal(allowLoopback: false);
        using var list = await refusing.Http.GetAsync($"/api/slos?url=http://127.0.0.1:{_forbidden.Port}/");
        using var detail = await refusing.Http.GetAsync("/api/slos/web");

        // One source refused does not fail the whole overview: the SLO says why it has no figures.
        foreach (var answer in new[] { list, detail })
        {
            var text = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.OK, text);
            Assert.Contains("Portal:TargetPolicy:Kinds:prometheus", text, StringComparison.Ordinal);
        }
        Assert.False(_forbidden.HasPendingConnection, "An SLO read connected to a Prometheus URL the policy refuses.");
    }

    private TargetsPortal Portal(bool allowLoopback) => new(_home, new Dictionary<string, string>
    {
        ["Portal:TargetPolicy:AllowLoopback"] = allowLoopback ? "true" : "false",
        ["Portal:TargetPolicy:Kinds:db-migrations:Root"] = _work,
    });

    private static void CopyPlugin(string pluginsDirectory, string name)
    {
        var source = Path.Combine(TempPortalHome.RepoRoot(), "plugins", name);
        Assert.True(File.Exists(Path.Combine(source, "plugin.json")), $"The {name} plugin is not deployed to {source}; build src/Plugins/{name} first.");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(pluginsDirectory, name, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    /// <summary>
    /// A loopback listener standing in for a host the policy forbids: it accepts (and drops) connections until told to
    /// stop, then leaves any new one pending in the kernel's queue, where <see cref="HasPendingConnection"/> sees it.
    /// </summary>
    private sealed class ForbiddenHost : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;
        private int _connections;

        public ForbiddenHost()
        {
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public bool HasPendingConnection => _listener.Pending();

        public async Task WaitForConnectionAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Volatile.Read(ref _connections) == 0)
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        public void StopAccepting()
        {
            _stop.Cancel();
            _accepting.GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                }
            }
            catch (OperationCanceledException)
            {
                // Told to stop: later connections stay queued for HasPendingConnection.
            }
        }
    }
}

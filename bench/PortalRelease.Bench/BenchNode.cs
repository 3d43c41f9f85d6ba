using PortalRelease.Testing;

namespace PortalRelease.Bench;

/// <summary>
/// One portal node as a child process (<see cref="PortalChild"/>: <c>dotnet PortalRelease.Portal.dll</c>, built beside
/// the bench, on a free loopback port), configured through environment variables as an operator would;
/// <see cref="Kill"/> is SIGKILL.
/// </summary>
public sealed class BenchNode : IAsyncDisposable
{
    private readonly PortalChild _child;

    private BenchNode(PortalChild child)
    {
        _child = child;
        Http = new HttpClient { BaseAddress = child.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress => _child.BaseAddress;

    public HttpClient Http { get; }

    public string Output => _child.Output;

    /// <summary>Starts a node over <paramref name="root"/> (its <c>data</c> and <c>plugins</c> folders) and waits for <c>/healthz/ready</c>.</summary>
    public static async Task<BenchNode> StartAsync(string root, IReadOnlyDictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string>(environment);
        settings.TryAdd("Logging__LogLevel__Default", "Warning");
        var child = PortalChild.Start(
            "dotnet", Path.Combine(AppContext.BaseDirectory, "PortalRelease.Portal.dll"), root, Path.Combine(root, "data"), Path.Combine(root, "plugins"),
            ["--Portal:SeedDemoHistory=false", "--Portal:SeedSamples=false", "--Portal:Plugins:DevelopmentMode=true"], settings);
        var node = new BenchNode(child);
        try
        {
            await child.WaitUntilOkAsync(node.Http, "/healthz/ready", TimeSpan.FromSeconds(120));
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>SIGKILL: the node vanishes holding its leases, mid-call, with nothing cleaned up.</summary>
    public void Kill() => _child.Kill();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _child.DisposeAsync();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortalRelease.Bench;

/// <summary>
/// One portal node as a child process (<c>dotnet PortalRelease.Portal.dll</c>, built beside the bench) on a free loopback
/// port, configured through environment variables as an operator would; <see cref="Kill"/> is SIGKILL.
/// </summary>
public sealed class BenchNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BenchNode(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a node over <paramref name="root"/> (its <c>data</c> and <c>plugins</c> folders) and waits for <c>/healthz/ready</c>.</summary>
    public static async Task<BenchNode> StartAsync(string root, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "PortalRelease.Portal.dll"), "--urls", BaseAddressOf(port),
            "--Portal:Auth:Mode=Development", $"--Portal:DataDirectory={Path.Combine(root, "data")}", $"--Portal:PluginsDirectory={Path.Combine(root, "plugins")}",
            "--Portal:SeedDemoHistory=false", "--Portal:SeedSamples=false", "--Portal:Plugins:DevelopmentMode=true", "--environment", "Development",
        })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var process = new Process { StartInfo = start };
        var node = new BenchNode(process, port);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The portal node exited with {process.ExitCode}:\n{node.Output}");
            }
            try
            {
                using var ready = await node.Http.GetAsync("/healthz/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                await node.DisposeAsync();
                throw new TimeoutException($"The portal node did not become ready within 120 s:\n{node.Output}");
            }
            await Task.Delay(200);
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>SIGKILL: the node vanishes holding its leases, mid-call, with nothing cleaned up.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            // The last lines are what explains a failure; a long run must not grow this without bound.
            if (_output.Length > 200_000)
            {
                _output.Remove(0, 100_000);
            }
            _output.AppendLine(line);
        }
    }

    private static string BaseAddressOf(int port) => $"http://127.0.0.1:{port}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>
/// The real portal as a child process (<c>dotnet PortalRelease.Portal.dll</c>) on a free loopback port, over a
/// <see cref="TempPortalHome"/>. <see cref="Kill"/> is SIGKILL for the whole process tree: nothing gets to clean up.
/// </summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PortalProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Client = new PortalClient(Http);
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public PortalClient Client { get; }

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

    /// <summary>The child's process id (the dotnet host is the portal itself).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the portal and waits until <c>/healthz</c> answers 200. <paramref name="environment"/> adds settings as
    /// environment variables (<c>Portal__Storage__Provider</c>, <c>Portal__Cluster__NodeId</c>, …), which is how an
    /// operator configures a node beside its appsettings.json.
    /// </summary>
    public static async Task<PortalProcess> StartAsync(TempPortalHome home, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = home.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            PortalDll(), "--urls", $"http://127.0.0.1:{port}",
            "--Portal:Auth:Mode=Development", $"--Portal:DataDirectory={home.DataDirectory}", $"--Portal:PluginsDirectory={home.PluginsDirectory}",
            "--Portal:Engine:SampleInterval=00:00:00.500", "--Portal:SeedDemoHistory=false", "--environment", "Development",
        })
        {
            start.ArgumentList.Add(arg);
        }
        // The test host's own settings must not leak into the child.
        start.Environment.Remove("ASPNETCORE_CONTENTROOT");
        start.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        // On PostgreSQL the portal refuses to start without a key ring certificate: a node gets the run's one unless told otherwise.
        if (start.Environment.TryGetValue("Portal__Storage__Provider", out var provider) && string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase)
            && !start.Environment.Keys.Any(k => k.StartsWith("Portal__DataProtection__", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var (key, value) in Targets.TestKeyRing.Settings)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        var process = new Process { StartInfo = start };
        var portal = new PortalProcess(process, port);
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        Assert.True(process.Start(), "dotnet did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    Assert.False(process.HasExited, $"The portal exited with {(process.HasExited ? process.ExitCode : 0)}:\n{portal.Output}");
                    try
                    {
                        using var response = await portal.Http.GetAsync("/healthz");
                        return response.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                "the portal to answer /healthz",
                TimeSpan.FromSeconds(90),
                () => portal.Output);
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
        return portal;
    }

    /// <summary>SIGKILL on Linux: the process and its children die at once.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGSTOP: the process is frozen where it stands (a long GC pause, a VM stall), its sockets stay open.</summary>
    public Task SuspendAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: the frozen process runs on, unaware that time passed.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    /// <summary>SIGTERM, as systemd or Kubernetes stop a node, then waits for the process to exit on its own.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        await SignalAsync("TERM");
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The portal did not exit within {timeout} of SIGTERM:\n{Output}");
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -{signal} {_process.Id} exited with {kill.ExitCode}");
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
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    /// <summary>
    /// The portal's own build output: with artifacts output it is the test assembly's sibling
    /// (<c>bin/PortalRelease.Portal.Tests/debug</c> → <c>bin/PortalRelease.Portal/debug</c>); a copy beside the tests is the fallback.
    /// </summary>
    internal static string PortalDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = here.Name;
        var candidates = new List<string>();
        if (here.Parent?.Parent is { } bin)
        {
            candidates.Add(Path.Combine(bin.FullName, "PortalRelease.Portal", configuration, "PortalRelease.Portal.dll"));
        }
        candidates.Add(Path.Combine(here.FullName, "PortalRelease.Portal.dll"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"PortalRelease.Portal.dll not found; looked in {string.Join(", ", candidates)}.");
    }
}

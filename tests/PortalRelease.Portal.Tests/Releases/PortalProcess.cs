using System.Diagnostics;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>
/// The real portal as a child process (<see cref="PortalChild"/>: <c>dotnet PortalRelease.Portal.dll</c> on a free
/// loopback port) over a <see cref="TempPortalHome"/>, with a client and the signals the cluster tests send.
/// <see cref="KillAsync"/> is SIGKILL for the whole process tree: nothing gets to clean up.
/// </summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private readonly PortalChild _child;

    private PortalProcess(PortalChild child)
    {
        _child = child;
        Http = new HttpClient { BaseAddress = child.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client = new TestClient(Http);
    }

    public int Port => _child.Port;

    public HttpClient Http { get; }

    public TestClient Client { get; }

    public string Output => _child.Output;

    /// <summary>The child's process id (the dotnet host is the portal itself).</summary>
    public int ProcessId => _child.Process.Id;

    /// <summary>
    /// Starts the portal and waits until <c>/healthz</c> answers 200. <paramref name="environment"/> adds settings as
    /// environment variables (<c>Portal__Storage__Provider</c>, <c>Portal__Cluster__NodeId</c>, …), which is how an
    /// operator configures a node beside its appsettings.json.
    /// </summary>
    public static async Task<PortalProcess> StartAsync(TempPortalHome home, IReadOnlyDictionary<string, string>? environment = null)
    {
        var settings = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Information" };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }
        // On PostgreSQL the portal refuses to start without a key ring certificate: a node gets the run's one unless told otherwise.
        if (settings.TryGetValue("Portal__Storage__Provider", out var provider) && string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase)
            && !settings.Keys.Any(k => k.StartsWith("Portal__DataProtection__", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var (key, value) in Targets.TestKeyRing.Settings)
            {
                settings[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        var portal = new PortalProcess(PortalChild.Start(
            BuildOutput.DotnetHost(), BuildOutput.PortalDll(), home.Root, home.DataDirectory, home.PluginsDirectory,
            ["--Portal:Engine:SampleInterval=00:00:00.500", "--Portal:SeedDemoHistory=false"], settings));
        try
        {
            await portal._child.WaitUntilOkAsync(portal.Http, "/healthz", TimeSpan.FromSeconds(90));
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
        return portal;
    }

    /// <summary>SIGKILL on Linux: the process and its children die at once.</summary>
    public Task KillAsync() => _child.KillAsync();

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
            await _child.Process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The portal did not exit within {timeout} of SIGTERM:\n{Output}");
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -{signal} {ProcessId} exited with {kill.ExitCode}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _child.DisposeAsync();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortalRelease.Testing;

/// <summary>
/// The real portal as a child process (<c>dotnet PortalRelease.Portal.dll</c>) on a free loopback port, in the
/// development sign-in mode, configured as an operator would: settings on the command line and as environment
/// variables. One source file, linked into the portal's tests (<c>PortalProcess</c>) and the bench (<c>BenchNode</c>),
/// which add what each needs on top: a client, signals, their own settings.
/// </summary>
internal sealed class PortalChild : IAsyncDisposable
{
    // The last lines are what explains a failure; a long run must not grow this without bound.
    private const int MaxOutput = 200_000;

    private readonly StringBuilder _output = new();

    private PortalChild(Process process, int port)
    {
        Process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Process Process { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>What the child wrote to standard output and error, the last 100 to 200 KB of it.</summary>
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

    /// <summary>
    /// Starts <paramref name="dotnet"/> <paramref name="portalDll"/> in <paramref name="workingDirectory"/> over the given
    /// data and plugins folders, then <paramref name="arguments"/>; <paramref name="environment"/> adds settings as
    /// environment variables (<c>Portal__Storage__Provider</c>, …). It does not wait: see <see cref="WaitUntilOkAsync"/>.
    /// </summary>
    public static PortalChild Start(
        string dotnet, string portalDll, string workingDirectory, string dataDirectory, string pluginsDirectory,
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(dotnet) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     portalDll, "--urls", $"http://127.0.0.1:{port}",
                     "--Portal:Auth:Mode=Development", $"--Portal:DataDirectory={dataDirectory}", $"--Portal:PluginsDirectory={pluginsDirectory}",
                 }.Concat(arguments).Concat(["--environment", "Development"]))
        {
            start.ArgumentList.Add(argument);
        }
        // The parent's own content root (a test host's) must not leak into the child.
        start.Environment.Remove("ASPNETCORE_CONTENTROOT");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var child = new PortalChild(new Process { StartInfo = start }, port);
        child.Process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child.Process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        if (!child.Process.Start())
        {
            throw new InvalidOperationException($"{dotnet} did not start.");
        }
        child.Process.BeginOutputReadLine();
        child.Process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until GET <paramref name="path"/> answers 200; throws, with the child's output, when it exits first or <paramref name="timeout"/> passes.</summary>
    public async Task WaitUntilOkAsync(HttpClient http, string path, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with {Process.ExitCode} before {path} answered:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"The portal did not answer {path} with 200 within {timeout.TotalSeconds:0} s:\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL on Linux for the whole process tree: nothing gets to clean up.</summary>
    public void Kill()
    {
        Process.Kill(entireProcessTree: true);
        Process.WaitForExit();
    }

    /// <inheritdoc cref="Kill"/>
    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            await KillAsync();
        }
        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            if (_output.Length > MaxOutput)
            {
                _output.Remove(0, MaxOutput / 2);
            }
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

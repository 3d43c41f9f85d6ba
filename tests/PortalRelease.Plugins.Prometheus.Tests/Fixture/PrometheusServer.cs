using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Plugins.Prometheus.Tests.Fixture;

/// <summary>
/// A real Prometheus from Debian's package, started on a free loopback port with its own storage, scraping one
/// target every second; killed and its folder removed on dispose.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string Job = "exporter";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _log = new();

    private PrometheusServer(Process process, string folder, Uri url)
    {
        _process = process;
        _folder = folder;
        Url = url;
    }

    public Uri Url { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<PrometheusServer> StartAsync(string scrapeTarget)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install Debian's package (apt-get install -y prometheus); tests/run-all.sh does.");
        var folder = Directory.CreateTempSubdirectory("prometheus-tests-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {Job}
                scrape_interval: 1s
                static_configs:
                  - targets: ['{scrapeTarget}']
            """);
        var port = FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            ArgumentList =
            {
                $"--config.file={config}",
                $"--web.listen-address=127.0.0.1:{port}",
                $"--storage.tsdb.path={Path.Combine(folder, "data")}",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start.");
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        process.ErrorDataReceived += (_, e) => server.Log(e.Data);
        process.OutputDataReceived += (_, e) => server.Log(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await server.WaitUntilScrapingAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Waits until Prometheus holds at least <paramref name="history"/> of scrapes of the exporter.</summary>
    public async Task WaitForHistoryAsync(TimeSpan history)
    {
        var seconds = (int)Math.Ceiling(history.TotalSeconds);
        await WaitAsync(async () =>
        {
            var answer = await Http.GetFromJsonAsync<JsonElement>(
                new Uri(Url, $"api/v1/query?query={Uri.EscapeDataString($"count_over_time(up{{job=\"{Job}\"}}[{seconds + 5}s])")}"));
            var result = answer.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 1
                && double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture) >= seconds + 1;
        }, $"{seconds + 1} scrapes of the exporter");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is the OS's to clean if a file is still held.
        }
    }

    private async Task WaitUntilScrapingAsync() => await WaitAsync(async () =>
    {
        var answer = await Http.GetFromJsonAsync<JsonElement>(new Uri(Url, "api/v1/targets"));
        return answer.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Any(t => t.GetProperty("health").GetString() == "up");
    }, "the exporter's scrape target to be up");

    private async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < StartDeadline)
        {
            Assert.False(_process.HasExited, $"prometheus exited with code {(_process.HasExited ? _process.ExitCode : 0)}:\n{LogText()}");
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or TaskCanceledException)
            {
                last = e;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"Timed out after {StartDeadline.TotalSeconds} s waiting for {what} ({last?.Message}). prometheus said:\n{LogText()}");
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            // Keep the tail only: a long run must not grow without bound.
            if (_log.Length > 64 * 1024)
            {
                _log.Remove(0, _log.Length / 2);
            }
            _log.AppendLine(line);
        }
    }

    private string LogText()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }
}

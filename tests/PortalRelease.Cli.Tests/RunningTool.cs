using System.Diagnostics;
using System.Text;

namespace PortalRelease.Cli.Tests;

/// <summary>
/// The installed tool running in the background, its output read as it comes: a test waits for a line, then acts on
/// the process (a signal, as Ctrl+C or a CI runner's cancel sends it) and waits for its end.
/// </summary>
internal sealed class RunningTool : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Task _reading;
    private readonly SemaphoreSlim _changed = new(0);

    private RunningTool(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(PumpAsync(process.StandardOutput, _output), PumpAsync(process.StandardError, _error));
    }

    public static RunningTool Start(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        return new RunningTool(Process.Start(start)!);
    }

    /// <summary>The first line of standard output that <paramref name="match"/> accepts, once the tool has written it.</summary>
    public async Task<string> LineAsync(Func<string, bool> match, TimeSpan limit)
    {
        using var cancel = new CancellationTokenSource(limit);
        while (true)
        {
            string? line;
            lock (_output)
            {
                line = _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match);
            }
            if (line is not null)
            {
                return line;
            }
            if (_process.HasExited && _reading.IsCompleted)
            {
                Assert.Fail($"the tool ended (exit {_process.ExitCode}) before writing the line waited for:\n{this}");
            }
            try
            {
                await _changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the tool did not write the line waited for within {limit}:\n{this}");
            }
        }
    }

    /// <summary>Sends <paramref name="signal"/> (INT, TERM) to the tool, as a terminal's Ctrl+C or a CI runner does.</summary>
    public async Task SignalAsync(string signal)
    {
        var kill = await ProcessRun.RunAsync("kill", ["-s", signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(kill.ExitCode == 0, kill.ToString());
    }

    /// <summary>The tool's end; it fails the test (and ends the process) when it does not come within <paramref name="limit"/>.</summary>
    public async Task<ProcessResult> ExitAsync(TimeSpan limit)
    {
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the tool did not end within {limit}:\n{this}");
        }
        await _reading;
        return new ProcessResult(_process.ExitCode, Text(_output), Text(_error));
    }

    public override string ToString() => $"--- stdout\n{Text(_output)}\n--- stderr\n{Text(_error)}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _changed.Dispose();
    }

    private static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
            _changed.Release();
        }
        _changed.Release();
    }
}

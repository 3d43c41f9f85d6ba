using System.Diagnostics;

namespace PortalRelease.Cli.Tests;

/// <summary>A finished process: its exit code and what it wrote.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

internal static class ProcessRun
{
    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="arguments"/> to its end, standard output redirected (not a
    /// terminal). A null value in <paramref name="environment"/> removes that variable; <paramref name="input"/>, when
    /// given, is written to standard input, which is then closed.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null,
        TimeSpan? timeout = null, string? input = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
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
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // Longer than any --timeout the tests pass (2m): the tool's own timeout must end it first, this is the backstop.
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{file} {string.Join(' ', start.ArgumentList)} did not end within {limit}:\n{await output}\n{await error}");
        }
        return new ProcessResult(process.ExitCode, await output, await error);
    }
}

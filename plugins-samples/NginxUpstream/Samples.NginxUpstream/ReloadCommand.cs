using System.ComponentModel;
using System.Diagnostics;
using PortalRelease.Sdk;

namespace Samples.NginxUpstream;

/// <summary>Runs the operator's reload command (e.g. <c>nginx -s reload</c>) with a time limit.</summary>
internal static class ReloadCommand
{
    public static async Task RunAsync(NginxSettings settings, CancellationToken cancellationToken)
    {
        if (settings.ReloadCommand.Count == 0)
        {
            return;
        }

        var start = new ProcessStartInfo(settings.ReloadCommand[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in settings.ReloadCommand.Skip(1))
        {
            start.ArgumentList.Add(argument.Replace("{config}", settings.ConfigPath, StringComparison.Ordinal));
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new DriverException($"The reload command '{settings.ReloadCommand[0]}' could not be started: {ex.Message}", ex);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(settings.ReloadTimeoutSeconds));
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new DriverException($"The reload command '{string.Join(' ', settings.ReloadCommand)}' did not finish within {settings.ReloadTimeoutSeconds:0.###} s.") { IsTransient = true };
        }

        if (process.ExitCode != 0)
        {
            var stderr = (await error).Trim();
            var said = stderr.Length > 0 ? stderr : (await output).Trim();
            said = said.Length > 400 ? said[..400] + "…" : said;
            throw new DriverException($"The reload command '{string.Join(' ', settings.ReloadCommand)}' exited with code {process.ExitCode}: {said}".TrimEnd(' ', ':'));
        }
    }
}

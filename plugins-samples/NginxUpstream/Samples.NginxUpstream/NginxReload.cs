using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using PortalRelease.Sdk;

namespace Samples.NginxUpstream;

/// <summary>
/// Tells nginx to reload the way <c>nginx -s reload</c> does: SIGHUP to the master process named in its pid file. No
/// program runs, and only a process the kernel names <c>nginx</c> is signalled, so a pid file pointing elsewhere (the
/// portal, another service) cannot make the portal signal it. nginx checks the new configuration on SIGHUP and keeps
/// serving the old one when it is invalid, logging why in its error log.
/// </summary>
internal static class NginxReload
{
    private const int SigHup = 1;

    /// <summary>A pid file holds a decimal pid and a newline; anything longer is not nginx's.</summary>
    private const int MaxPidFileBytes = 32;

    public static async Task SignalAsync(NginxSettings settings, CancellationToken cancellationToken)
    {
        if (settings.PidPath is not { } pidPath)
        {
            return;
        }

        var pid = await ReadPidAsync(pidPath, cancellationToken);
        string name;
        try
        {
            using var process = Process.GetProcessById(pid);
            name = process.ProcessName;
        }
        catch (ArgumentException)
        {
            throw new DriverException($"The pid file {pidPath} names process {pid}, which is not running: is nginx started?") { IsTransient = true };
        }

        if (!string.Equals(name, "nginx", StringComparison.Ordinal))
        {
            throw new DriverException($"The pid file {pidPath} names process {pid}, which is not nginx; nothing was signalled.");
        }

        if (Kill(pid, SigHup) != 0)
        {
            throw new DriverException($"Could not signal nginx (process {pid}) to reload: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}.");
        }
    }

    private static async Task<int> ReadPidAsync(string pidPath, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            await using var file = new FileStream(pidPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, useAsync: true);
            var buffer = new byte[MaxPidFileBytes + 1];
            var length = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            text = length > MaxPidFileBytes ? "" : System.Text.Encoding.ASCII.GetString(buffer, 0, length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DriverException($"The pid file {pidPath} could not be read: is nginx started?") { IsTransient = true };
        }

        // 0 and negative pids address process groups, and 1 is init: none of them is an nginx master.
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1
            ? pid
            : throw new DriverException($"The pid file {pidPath} does not hold a process id.");
    }

    // DllImport, not LibraryImport: both arguments are plain ints, so the sample needs no unsafe code.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}

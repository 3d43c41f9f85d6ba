using System.Diagnostics;

namespace Samples.NginxUpstream.Tests;

/// <summary>
/// A process standing in for nginx's master: a shell started through a link named <c>nginx</c> (so the kernel names the
/// process nginx, as the real master is named), which on SIGHUP copies the config it serves to
/// <see cref="NginxFolder.ReloadedPath"/> and counts the reload. Its pid is written to a pid file in the folder, as
/// nginx's <c>pid</c> directive does.
/// </summary>
internal sealed class FakeNginx : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _count;

    private FakeNginx(Process process, string pidPath, string count)
    {
        _process = process;
        PidPath = pidPath;
        _count = count;
    }

    public string PidPath { get; }

    public bool IsRunning => !_process.HasExited;

    public int Reloads => File.Exists(_count) ? File.ReadAllText(_count).Length : 0;

    public static async Task<FakeNginx> StartAsync(NginxFolder folder, string name = "nginx")
    {
        var bin = Directory.CreateDirectory(Path.Combine(folder.Path, "bin-" + name)).FullName;
        var program = Path.Combine(bin, name);
        File.CreateSymbolicLink(program, "/bin/sh");
        var ready = Path.Combine(bin, "ready");
        var count = Path.Combine(bin, "reloads");
        // `wait` returns as soon as a trapped signal arrives, so the reload runs at once, not after the sleep.
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var argument in new[] { "-c", "trap 'cp \"$1\" \"$2\"; printf x >> \"$3\"' HUP; : > \"$4\"; while :; do sleep 1 & wait $!; done", "nginx", folder.ConfigPath, folder.ReloadedPath, count, ready })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var pidPath = Path.Combine(folder.Path, name + ".pid");
        await File.WriteAllTextAsync(pidPath, process.Id + "\n");
        var nginx = new FakeNginx(process, pidPath, count);
        await WaitAsync(() => File.Exists(ready), "the fake nginx to set its trap");
        return nginx;
    }

    public Task WaitForReloadsAsync(int count) => WaitAsync(() => Reloads >= count, $"{count} reload(s)");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > Patience)
            {
                throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}.");
            }

            await Task.Delay(20);
        }
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Health;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// Hot reload: watches the plugins directory and, once a folder has stayed unchanged for
/// <see cref="PluginTrustOptions.ReloadDelay"/>, loads it (new), reloads it (changed) or unloads it (removed) through
/// <see cref="PluginReloader"/>. A change that must wait for releases in flight is retried every delay until they settle.
/// </summary>
internal sealed class PluginFolderWatcher(
    PluginCatalog catalog, PluginReloader reloader, IOptions<PluginTrustOptions> options, BackgroundServiceHealth health, TimeProvider time, ILogger<PluginFolderWatcher> logger)
    : SupervisedBackgroundService(health, time, logger)
{
    // Written for an event the watcher could not attribute to one folder (an overflow): every folder is looked at.
    private const string Everything = "*";

    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public override string ServiceName => "plugin-folder-watcher";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.HotReload)
        {
            return;
        }
        using var watcher = Watch();
        if (watcher is null)
        {
            return;
        }
        var delay = options.Value.ReloadDelay;
        Running();
        while (!stoppingToken.IsCancellationRequested)
        {
            var batch = await NextBatchAsync(delay, stoppingToken);
            try
            {
                await reloader.ApplyAsync(batch.Contains(Everything) ? AllFolders() : batch, stoppingToken);
                Running();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The watcher keeps watching: the next change, or the next retry of a pending one, tries again.
                Failed(ex);
                logger.LogError(ex, "Applying changes to plugin folders {PluginFolders} failed", string.Join(", ", batch));
            }
        }
    }

    /// <summary>Waits for a change, then until no change arrived for <paramref name="delay"/>; pending folders are retried after each delay.</summary>
    private async Task<HashSet<string>> NextBatchAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        var batch = new HashSet<string>(StringComparer.Ordinal);
        var pending = catalog.Plugins.Where(p => p.Pending is not null).Select(p => p.Folder).ToList();
        if (pending.Count == 0)
        {
            batch.Add(await _changes.Reader.ReadAsync(stoppingToken));
        }
        else
        {
            batch.UnionWith(pending);
        }
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            quiet.CancelAfter(delay);
            try
            {
                batch.Add(await _changes.Reader.ReadAsync(quiet.Token));
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return batch;
            }
        }
    }

    private FileSystemWatcher? Watch()
    {
        var directory = catalog.PluginsDirectory;
        try
        {
            Directory.CreateDirectory(directory);
            var watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Created += (_, e) => Changed(e.FullPath);
            watcher.Changed += (_, e) => Changed(e.FullPath);
            watcher.Deleted += (_, e) => Changed(e.FullPath);
            watcher.Renamed += (_, e) =>
            {
                Changed(e.OldFullPath);
                Changed(e.FullPath);
            };
            watcher.Error += (_, e) =>
            {
                logger.LogWarning(e.GetException(), "The plugins folder watcher lost events; every plugin folder is checked again");
                _changes.Writer.TryWrite(Everything);
            };
            watcher.EnableRaisingEvents = true;
            logger.LogInformation("Watching {PluginsDirectory} for plugin folders to load, reload or unload", directory);
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            // e.g. the system's inotify instance limit: the portal runs on, plugins change only at the next start.
            logger.LogWarning(ex, "Hot reload of plugins is off: {PluginsDirectory} cannot be watched", directory);
            return null;
        }
    }

    private void Changed(string path)
    {
        var relative = Path.GetRelativePath(catalog.PluginsDirectory, path);
        var folder = relative.Split(Path.DirectorySeparatorChar, 2)[0];
        if (folder is "." or ".." || Path.IsPathRooted(folder))
        {
            return;
        }
        _changes.Writer.TryWrite(folder);
    }

    private HashSet<string> AllFolders()
    {
        var folders = catalog.Plugins.Select(p => p.Folder).ToHashSet(StringComparer.Ordinal);
        try
        {
            folders.UnionWith(Directory.GetDirectories(catalog.PluginsDirectory).Select(Path.GetFileName).OfType<string>());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "The plugins directory {PluginsDirectory} could not be listed", catalog.PluginsDirectory);
        }
        return folders;
    }
}

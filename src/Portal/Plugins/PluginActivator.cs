using System.Diagnostics;
using System.Security.Cryptography;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Plugins.State;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// Turns one plugin folder into a load outcome. Everything that can be checked without running the plugin's
/// code (manifest, ABI, assembly present, id and kinds free) is checked first; a plugin that fails after its
/// code ran is unloaded again and contributes nothing. The allowlist is checked on the folder hash before any code
/// is loaded, at start and on every reload alike.
/// </summary>
internal sealed class PluginActivator(IPluginLoader loader, PortalPaths paths, TimeProvider time, PluginTrust trust, IHostPolicy policy, PluginStateHost? state)
{
    public PluginLoadOutcome Activate(string folder, PluginSetBuilder loaded)
    {
        var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        string sha256;
        try
        {
            sha256 = PluginFolderHash.Compute(folder);
        }
        catch (PluginLoadException ex)
        {
            return PluginLoadOutcome.NotLoaded(new PluginInfo { Id = folderName, Folder = folderName, Status = PluginStatus.Failed, Reason = ex.Message });
        }
        var read = PluginManifestReader.Read(folder);
        if (read.Manifest is not { } manifest)
        {
            return PluginLoadOutcome.NotLoaded(new PluginInfo { Id = folderName, Folder = folderName, Status = PluginStatus.Failed, Reason = read.Error, Sha256 = sha256 });
        }
        var assemblyPath = PluginManifestReader.AssemblyPath(manifest, folder);
        var info = new PluginInfo
        {
            Id = manifest.Id,
            Version = manifest.Version,
            AbiVersion = manifest.AbiVersion,
            Folder = folderName,
            Description = manifest.Description,
            TargetKinds = manifest.TargetKinds ?? [],
            MetricKinds = manifest.MetricKinds ?? [],
            Status = PluginStatus.Failed,
            Hash = HashOf(assemblyPath),
            Sha256 = sha256,
        };
        if (manifest.AbiVersion != SdkAbi.Version)
        {
            return PluginLoadOutcome.NotLoaded(info with
            {
                Status = PluginStatus.Incompatible,
                Reason = $"The plugin targets SDK ABI {manifest.AbiVersion}, but this portal implements ABI {SdkAbi.Version}; rebuild it against the portal's SDK. Its code was not loaded.",
            });
        }
        if (trust.Refusal(manifest.Id, sha256) is { } untrusted)
        {
            return PluginLoadOutcome.NotLoaded(info with { Status = PluginStatus.Untrusted, Reason = untrusted });
        }
        var refusal = RefusalBeforeLoading(manifest, assemblyPath, loaded);
        return refusal is not null ? Failed(info, refusal) : LoadCode(manifest, assemblyPath, info);
    }

    private static string? RefusalBeforeLoading(PluginManifest manifest, string assemblyPath, PluginSetBuilder loaded)
    {
        if (!File.Exists(assemblyPath))
        {
            return $"The assembly '{manifest.Assembly}' named in {PluginManifest.FileName} is not in the plugin folder.";
        }
        if (loaded.FolderOf(manifest.Id) is { } other)
        {
            return $"A plugin with id '{manifest.Id}' is already loaded from folder '{other}'.";
        }
        return PluginKindCheck.Taken(manifest, loaded);
    }

    private PluginLoadOutcome LoadCode(PluginManifest manifest, string assemblyPath, PluginInfo info)
    {
        PluginHostContext host;
        try
        {
            host = new PluginHostContext
            {
                DataDirectory = CreateDataDirectory(manifest.Id),
                Time = time,
                Policy = policy,
                // Scoped by the manifest's id, which the catalog keeps unique: no plugin reaches another's keys or locks.
                State = state?.StoreFor(manifest.Id),
                Locks = state?.LocksFor(manifest.Id),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(info, $"Its data folder could not be created: {ex.Message}");
        }
        ILoadedPlugin handle;
        var started = Stopwatch.GetTimestamp();
        try
        {
            handle = loader.Load(assemblyPath);
        }
        catch (PluginLoadException ex)
        {
            return Failed(info, ex.Message);
        }
        catch (Exception ex)
        {
            return Failed(info, $"Loading '{manifest.Assembly}' failed with {ex.GetType().Name}: {ex.Message}");
        }
        return Register(handle, manifest, host, info, started);
    }

    private PluginLoadOutcome Register(ILoadedPlugin handle, PluginManifest manifest, PluginHostContext host, PluginInfo info, long started)
    {
        var registrar = new PluginRegistrar(host);
        try
        {
            handle.Instance.Register(registrar);
        }
        catch (Exception ex)
        {
            handle.Dispose();
            return Failed(info, $"{handle.Instance.GetType().FullName}.Register threw {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            registrar.Seal();
        }
        if (PluginKindCheck.Mismatch(manifest, registrar) is { } mismatch)
        {
            handle.Dispose();
            return Failed(info, mismatch);
        }
        var loadMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
        var loadedInfo = info with { Status = PluginStatus.Loaded, LoadedAt = time.GetUtcNow(), LoadMs = loadMs };
        return new PluginLoadOutcome(loadedInfo, handle, registrar.Drivers, registrar.Sources);
    }

    private string CreateDataDirectory(string pluginId) => OwnerOnly.CreateDirectory(paths.PluginDataDirectory(pluginId)).FullName;

    private static PluginLoadOutcome Failed(PluginInfo info, string reason) =>
        PluginLoadOutcome.NotLoaded(info with { Status = PluginStatus.Failed, Reason = reason });

    private static string? HashOf(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

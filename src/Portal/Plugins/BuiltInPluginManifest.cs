using System.Text.Json;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// The built-in plugins' folder hashes, written by the build that deployed them (build/BuiltInPlugins.targets) to
/// <c>builtin-plugins.json</c> beside the portal's binaries. It lives there, not in <c>plugins/</c>, so that whoever
/// can write to the plugins folder cannot also vouch for what they put there.
/// </summary>
public sealed class BuiltInPluginManifest
{
    public const string FileName = "builtin-plugins.json";

    private BuiltInPluginManifest(string path, IReadOnlyList<BuiltInPlugin> plugins, bool found)
    {
        Path = path;
        Plugins = plugins;
        Found = found;
    }

    /// <summary>Trusts nothing: for tools and tests that decide trust by the allowlist alone.</summary>
    public static BuiltInPluginManifest None { get; } = new("(none)", [], found: false);

    /// <summary>Where the manifest was looked for.</summary>
    public string Path { get; }

    public IReadOnlyList<BuiltInPlugin> Plugins { get; }

    /// <summary>Whether the file exists; without it no plugin is trusted as built-in.</summary>
    public bool Found { get; }

    /// <summary>The built-in plugin with this folder hash, or <c>null</c>.</summary>
    public BuiltInPlugin? Find(string sha256) =>
        Plugins.FirstOrDefault(p => string.Equals(p.Sha256, sha256, StringComparison.OrdinalIgnoreCase));

    /// <summary>The manifest beside the portal's own assembly.</summary>
    public static BuiltInPluginManifest BesideThePortal() =>
        Read(System.IO.Path.Combine(AppContext.BaseDirectory, FileName));

    /// <summary>Reads a manifest; a missing file trusts nothing, a malformed one stops the start naming the file.</summary>
    /// <exception cref="InvalidOperationException">The file exists but is not a manifest the build writes.</exception>
    public static BuiltInPluginManifest Read(string path)
    {
        if (!File.Exists(path))
        {
            return new BuiltInPluginManifest(path, [], found: false);
        }
        try
        {
            var file = JsonSerializer.Deserialize<ManifestFile>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web));
            var plugins = file?.Plugins ?? throw new JsonException("it has no \"plugins\" list");
            if (plugins.FirstOrDefault(p => string.IsNullOrEmpty(p.Folder) || !PluginFolderHash.IsWellFormed(p.Sha256 ?? "")) is { } bad)
            {
                throw new JsonException($"the entry for folder '{bad.Folder}' has no well-formed sha256");
            }
            return new BuiltInPluginManifest(path, plugins, found: true);
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The built-in plugin manifest {path} cannot be read ({error.Message}); rebuild or republish the portal, which writes it.", error);
        }
    }

    private sealed record ManifestFile(IReadOnlyList<BuiltInPlugin>? Plugins);
}

/// <summary>One built-in plugin: the folder the build deployed it to and that folder's hash.</summary>
public sealed record BuiltInPlugin(string Folder, string Sha256);

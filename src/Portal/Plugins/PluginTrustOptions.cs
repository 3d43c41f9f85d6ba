namespace PortalRelease.Portal.Plugins;

/// <summary>
/// <c>Portal:Plugins</c>: which plugins may load (an allowlist of folder hashes) and how the plugins folder is watched.
/// Read by hand rather than bound, because an allowlist entry may be a plain hash or an <c>{ id, sha256 }</c> object,
/// and every malformed entry must be reported with its configuration path.
/// </summary>
public sealed class PluginTrustOptions
{
    public const string Section = "Portal:Plugins";

    /// <summary>
    /// Loads every plugin whatever its hash (and says so on the Plugins page). When not configured it follows the host:
    /// on in the Development environment, off otherwise.
    /// </summary>
    public bool? DevelopmentMode { get; set; }

    /// <summary>The plugin folder hashes the operator allows; see <see cref="PluginFolderHash"/>.</summary>
    public IList<AllowedPlugin> Allowed { get; } = [];

    /// <summary>
    /// Watches the plugins folder and loads, reloads or unloads a plugin folder when it changes. By default on with SQLite
    /// (one node) and off on PostgreSQL (a cluster, whose nodes must all run the same plugins).
    /// </summary>
    public bool HotReload { get; set; } = true;

    /// <summary>How long a plugin folder must stay unchanged before it is reloaded; also how often deferred reloads are retried.</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Problems found while reading the section, reported by <see cref="PluginTrustOptionsValidator"/>.</summary>
    internal IList<string> ReadErrors { get; } = [];

    /// <summary>Whether the allowlist is enforced, once the environment has been taken into account.</summary>
    public bool IsDevelopmentMode(bool isDevelopmentEnvironment) => DevelopmentMode ?? isDevelopmentEnvironment;
}

/// <summary>One allowlist entry: a folder hash, and optionally the plugin id it must belong to.</summary>
/// <param name="Sha256">64 lower- or upper-case hex digits, compared case-insensitively.</param>
/// <param name="Id">When set, the hash is allowed only for the plugin whose manifest has this id.</param>
/// <param name="Path">Where the entry is in the configuration, e.g. <c>Portal:Plugins:Allowed:0</c>, for messages.</param>
public sealed record AllowedPlugin(string Sha256, string? Id, string Path);

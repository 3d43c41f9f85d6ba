namespace PortalRelease.Portal.Plugins;

/// <summary>
/// The operator's decision which plugins may run in the portal's process: the built-in plugins the build vouched for
/// (<see cref="BuiltInPluginManifest"/>) and the operator's allowlist, unless in development mode.
/// </summary>
public sealed class PluginTrust(PluginTrustOptions options, bool developmentMode, BuiltInPluginManifest builtIns)
{
    /// <summary>Checks the allowlist alone (no built-in manifest).</summary>
    public PluginTrust(PluginTrustOptions options, bool developmentMode)
        : this(options, developmentMode, BuiltInPluginManifest.None)
    {
    }

    /// <summary>Loads everything: for tools and tests that host the catalog without an operator's configuration.</summary>
    public static PluginTrust Everything { get; } = new(new PluginTrustOptions(), developmentMode: true);

    /// <summary>Whether the allowlist is not enforced.</summary>
    public bool DevelopmentMode { get; } = developmentMode;

    public PluginTrustOptions Options { get; } = options;

    public BuiltInPluginManifest BuiltIns { get; } = builtIns;

    /// <summary>Why the plugin may not load, or <c>null</c> when it may.</summary>
    public string? Refusal(string pluginId, string sha256)
    {
        if (DevelopmentMode || BuiltIns.Find(sha256) is not null)
        {
            return null;
        }
        var matches = Options.Allowed.Where(a => string.Equals(a.Sha256, sha256, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0)
        {
            var builtIn = BuiltIns.Found ? $"is not a built-in plugin's (as listed in {BuiltIns.Path}) and " : "";
            return $"Its folder hash sha256:{sha256} {builtIn}is not in {PluginTrustOptions.Section}:Allowed; add it there if you trust this build. Its code was not loaded.";
        }
        if (matches.Any(a => a.Id is null || string.Equals(a.Id, pluginId, StringComparison.Ordinal)))
        {
            return null;
        }
        return $"Its folder hash sha256:{sha256} is allowed only for plugin id '{matches[0].Id}' ({matches[0].Path}), not '{pluginId}'. Its code was not loaded.";
    }
}

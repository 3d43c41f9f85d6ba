using System.Globalization;

namespace PortalRelease.Portal.Plugins;

/// <summary>Reads <c>Portal:Plugins</c> into <see cref="PluginTrustOptions"/>, noting every entry it cannot understand.</summary>
internal static class PluginTrustOptionsReader
{
    private static readonly string[] EntryKeys = ["id", "sha256"];

    public static void Read(IConfigurationSection section, PluginTrustOptions options)
    {
        ReadBool(section, "DevelopmentMode", value => options.DevelopmentMode = value, options);
        ReadBool(section, "HotReload", value => options.HotReload = value ?? options.HotReload, options);
        if (section["ReloadDelay"] is { } delay)
        {
            if (TimeSpan.TryParse(delay, CultureInfo.InvariantCulture, out var parsed))
            {
                options.ReloadDelay = parsed;
            }
            else
            {
                options.ReadErrors.Add($"{section.Path}:ReloadDelay must be a time span such as 00:00:01 (was '{delay}').");
            }
        }
        var allowed = section.GetSection("Allowed");
        if (allowed.Value is { Length: > 0 } single)
        {
            options.ReadErrors.Add($"{allowed.Path} must be a list of hashes or {{ \"id\", \"sha256\" }} objects, not the single value '{single}'.");
            return;
        }
        foreach (var entry in allowed.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue))
        {
            ReadEntry(entry, options);
        }
    }

    private static void ReadEntry(IConfigurationSection entry, PluginTrustOptions options)
    {
        var keys = entry.GetChildren().Select(c => c.Key).ToList();
        // Some configuration sources give an object entry an empty value of its own: its keys decide what it is.
        if (entry.Value is { Length: > 0 } || keys.Count == 0)
        {
            options.Allowed.Add(new AllowedPlugin(entry.Value?.Trim() ?? "", null, entry.Path));
            return;
        }
        var unknown = keys.Where(k => !EntryKeys.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            options.ReadErrors.Add($"{entry.Path} has unknown key{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(k => $"'{k}'"))}; an entry is a hash or an object with 'sha256' and optionally 'id'.");
            return;
        }
        var id = entry["id"];
        options.Allowed.Add(new AllowedPlugin(entry["sha256"]?.Trim() ?? "", string.IsNullOrWhiteSpace(id) ? null : id.Trim(), entry.Path));
    }

    private static void ReadBool(IConfigurationSection section, string key, Action<bool?> set, PluginTrustOptions options)
    {
        if (section[key] is not { } text)
        {
            return;
        }
        if (bool.TryParse(text, out var value))
        {
            set(value);
        }
        else
        {
            options.ReadErrors.Add($"{section.Path}:{key} must be true or false (was '{text}').");
        }
    }
}

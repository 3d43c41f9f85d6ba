namespace PortalRelease.Sdk;

/// <summary>
/// Path resolution shared by the portal's policy and the test policy, so a plugin's tests see the same rules the portal
/// applies: a path resolves with every symbolic link along it followed to its final target, because a link inside an
/// allowed folder may point anywhere.
/// </summary>
internal static class HostPaths
{
    /// <summary>Links followed before giving up, as Linux's own limit for one lookup.</summary>
    private const int MaxLinks = 40;

    /// <summary>The absolute, link-free form of <paramref name="path"/> (relative to <paramref name="baseFolder"/>), or null when it cannot be resolved.</summary>
    public static string? Resolve(string baseFolder, string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            var current = Path.GetFullPath(path, Path.GetFullPath(baseFolder));
            for (var hops = 0; hops <= MaxLinks; hops++)
            {
                if (FirstLink(current) is not { } link)
                {
                    return Path.TrimEndingDirectorySeparator(current);
                }
                current = link;
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies below it; both absolute and resolved.</summary>
    public static bool IsInside(string path, string folder)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        folder = Path.TrimEndingDirectorySeparator(folder);
        path = Path.TrimEndingDirectorySeparator(path);
        return path.Equals(folder, comparison)
            || path.StartsWith(folder + Path.DirectorySeparatorChar, comparison)
            || (folder.Length > 0 && folder[^1] == Path.DirectorySeparatorChar && path.StartsWith(folder, comparison));
    }

    /// <summary>
    /// Replaces the first symbolic link along <paramref name="fullPath"/> by its target and returns the new full path, or
    /// null when no component is a link.
    /// </summary>
    private static string? FirstLink(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "";
        var rest = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < rest.Length; i++)
        {
            var next = Path.Join(current, rest[i]);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                var resolved = Path.GetFullPath(target, current);
                return Path.GetFullPath(Path.Join([resolved, .. rest[(i + 1)..]]));
            }
            current = next;
        }
        return null;
    }
}

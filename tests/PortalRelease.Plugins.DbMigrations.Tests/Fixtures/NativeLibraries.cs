using System.Text.RegularExpressions;

namespace PortalRelease.Plugins.DbMigrations.Tests.Fixtures;

/// <summary>What the process has mapped, read from /proc/self/maps.</summary>
public static partial class NativeLibraries
{
    /// <summary>
    /// Every distinct SQLite library file mapped into this process, as "path (inode)": a copy loaded from another folder,
    /// or from a shadow copy that was deleted since, counts apart.
    /// </summary>
    public static IReadOnlyList<string> MappedSqlite() =>
        File.ReadLines("/proc/self/maps")
            .Select(line => MapsLine().Match(line))
            .Where(m => m.Success && SqliteLibrary().IsMatch(Path.GetFileName(m.Groups["path"].Value.Replace(" (deleted)", "", StringComparison.Ordinal))))
            .Select(m => $"{m.Groups["path"].Value} ({m.Groups["device"].Value} {m.Groups["inode"].Value})")
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The files this process holds open that were unlinked under it (readlink of /proc/self/fd says "(deleted)").</summary>
    public static IReadOnlyList<string> OpenButDeleted(string pathPrefix) =>
        Directory.GetFiles("/proc/self/fd")
            .Select(fd =>
            {
                try
                {
                    return new FileInfo(fd).LinkTarget;
                }
                catch (IOException)
                {
                    return null; // closed between the listing and the read
                }
            })
            .OfType<string>()
            .Where(target => target.StartsWith(pathPrefix, StringComparison.Ordinal) && target.EndsWith(" (deleted)", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    // address perms offset device inode path
    [GeneratedRegex(@"^\S+\s+\S+\s+\S+\s+(?<device>\S+)\s+(?<inode>[1-9][0-9]*)\s+(?<path>/.*)$")]
    private static partial Regex MapsLine();

    [GeneratedRegex(@"^(lib)?(e_)?sqlite3[^/]*\.so(\.[0-9.]+)?$")]
    private static partial Regex SqliteLibrary();
}

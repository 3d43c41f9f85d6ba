using System.Security.Cryptography;
using System.Text;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// The hash an operator allows a plugin by: SHA-256 over the whole plugin folder, so every byte the loader may read
/// (the assembly, its dependencies and deps.json, native libraries, the manifest that names the assembly and kinds)
/// is covered and nothing can be swapped beside an allowed assembly. It is exactly what
/// <c>cd plugins/X &amp;&amp; find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum</c>
/// prints: the SHA-256 of the lines <c>&lt;file sha256&gt;␠␠&lt;relative path&gt;\n</c>, one per file, in byte order
/// of the UTF-8 paths.
/// </summary>
public static class PluginFolderHash
{
    /// <summary>Whether a text is 64 hex digits.</summary>
    public static bool IsWellFormed(string hash) => hash.Length == 64 && hash.All(char.IsAsciiHexDigit);

    /// <summary>The folder's hash in lower-case hex.</summary>
    /// <exception cref="PluginLoadException">The folder holds something the hash cannot describe (a link, a path sha256sum would escape) or could not be read.</exception>
    public static string Compute(string folder)
    {
        var root = Path.GetFullPath(folder);
        var listing = new StringBuilder();
        try
        {
            foreach (var (relative, path) in Files(root))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                listing.Append(Convert.ToHexStringLower(SHA256.HashData(stream))).Append("  ").Append(relative).Append('\n');
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PluginLoadException($"The plugin folder could not be read to compute its hash: {ex.Message}", ex);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())));
    }

    private static List<(string Relative, string Path)> Files(string root)
    {
        var files = new List<(string Relative, string Path)>();
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (entry.LinkTarget is not null)
            {
                throw new PluginLoadException($"'{relative}' is a symbolic link; a plugin folder must hold its files, so its hash covers what is loaded.");
            }
            if (entry is not FileInfo)
            {
                continue;
            }
            if (relative.Contains('\\', StringComparison.Ordinal) || relative.Contains('\n', StringComparison.Ordinal))
            {
                throw new PluginLoadException($"The file name '{relative.ReplaceLineEndings(" ")}' contains a backslash or a line break, which the folder hash cannot describe; rename it.");
            }
            files.Add((relative, entry.FullName));
        }
        // LC_ALL=C sort orders by bytes: compare the UTF-8 encodings, not UTF-16 code units.
        files.Sort((a, b) => Encoding.UTF8.GetBytes(a.Relative).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b.Relative)));
        return files;
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Writes the manifest of the built-in plugins: each folder's hash, computed exactly as the portal's PluginFolderHash
/// does (SHA-256 of the lines "<file sha256>  <relative path>\n", sorted by the bytes of the path), so the portal
/// trusts what this build deployed and nothing else. A test compares the two on every built-in folder.
/// </summary>
public class WriteBuiltInPluginManifest : Task
{
    [Required]
    public string PluginsDirectory { get; set; }

    [Required]
    public ITaskItem[] Folders { get; set; }

    [Required]
    public string ManifestPath { get; set; }

    public override bool Execute()
    {
        var json = new StringBuilder();
        json.Append("{\n  \"plugins\": [\n");
        for (var i = 0; i < Folders.Length; i++)
        {
            var name = Folders[i].ItemSpec;
            var folder = Path.Combine(PluginsDirectory, name);
            if (!File.Exists(Path.Combine(folder, "plugin.json")))
            {
                Log.LogError("The built-in plugin folder " + folder + " has no plugin.json: its project did not deploy it.");
                return false;
            }
            string hash;
            try
            {
                hash = FolderHash(folder);
            }
            catch (InvalidDataException error)
            {
                Log.LogError("The built-in plugin folder " + folder + " cannot be hashed: " + error.Message);
                return false;
            }
            json.Append("    { \"folder\": \"").Append(name).Append("\", \"sha256\": \"").Append(hash).Append("\" }")
                .Append(i < Folders.Length - 1 ? ",\n" : "\n");
        }
        json.Append("  ]\n}\n");
        var text = json.ToString();
        if (!File.Exists(ManifestPath) || File.ReadAllText(ManifestPath) != text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(ManifestPath)));
            File.WriteAllText(ManifestPath, text);
        }
        return true;
    }

    private static string FolderHash(string folder)
    {
        var root = Path.GetFullPath(folder);
        var files = new List<KeyValuePair<byte[], string>>();
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var relative = entry.FullName.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar).Replace(Path.DirectorySeparatorChar, '/');
            if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                throw new InvalidDataException("'" + relative + "' is a symbolic link.");
            }
            if (entry is FileInfo)
            {
                files.Add(new KeyValuePair<byte[], string>(Encoding.UTF8.GetBytes(relative), entry.FullName));
            }
        }
        files.Sort((a, b) => CompareBytes(a.Key, b.Key));
        var listing = new StringBuilder();
        using (var sha = SHA256.Create())
        {
            foreach (var file in files)
            {
                using (var stream = File.OpenRead(file.Value))
                {
                    listing.Append(Hex(sha.ComputeHash(stream))).Append("  ").Append(Encoding.UTF8.GetString(file.Key)).Append('\n');
                }
            }
            return Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(listing.ToString())));
        }
    }

    private static int CompareBytes(byte[] a, byte[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }
        return a.Length.CompareTo(b.Length);
    }

    private static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2")));
}

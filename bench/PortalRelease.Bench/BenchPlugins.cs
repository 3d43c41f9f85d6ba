namespace PortalRelease.Bench;

/// <summary>Puts the built Sandbox plugin into a bench portal's plugins folder, the way an operator drops one in.</summary>
public static class BenchPlugins
{
    public static void InstallSandbox(string root)
    {
        var source = Path.Combine(RepoRoot(), "plugins", "Sandbox");
        if (!File.Exists(Path.Combine(source, "plugin.json")))
        {
            throw new InvalidOperationException($"The Sandbox plugin is not deployed to {source}; build src/Plugins/Sandbox first.");
        }
        var target = Directory.CreateDirectory(Path.Combine(root, "plugins", "Sandbox")).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    public static string RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PortalRelease.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("PortalRelease.sln not found above the bench binaries or the working directory.");
    }
}

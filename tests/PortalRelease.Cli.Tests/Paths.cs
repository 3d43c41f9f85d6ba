namespace PortalRelease.Cli.Tests;

/// <summary>Where the repository, the dotnet host and the portal's build output are, wherever the tests run from.</summary>
internal static class Paths
{
    public static string RepoRoot { get; } = typeof(Paths).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>The build configuration the tests were built in (the artifacts folder's last segment: debug or release).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;

    public static string Dotnet()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    /// <summary>The portal's own build output, the test assembly's sibling under artifacts/bin.</summary>
    public static string PortalDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(here.Parent!.Parent!.FullName, "PortalRelease.Portal", Configuration, "PortalRelease.Portal.dll");
        Assert.True(File.Exists(dll), $"PortalRelease.Portal.dll is not built at {dll}.");
        return dll;
    }
}

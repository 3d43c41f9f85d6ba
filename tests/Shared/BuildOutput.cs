namespace PortalRelease.Testing;

/// <summary>
/// The dotnet host the tests run on and the portal's build output, wherever the tests run from (dotnet test, an IDE,
/// CI). One source file, linked into the portal's tests and the CLI's tests, which both start the real portal.
/// </summary>
internal static class BuildOutput
{
    /// <summary>The build configuration the tests were built in (the artifacts folder's last segment: debug or release).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;

    /// <summary>
    /// The dotnet that runs these tests: <c>DOTNET_HOST_PATH</c> (set by the SDK), else this process when it is dotnet,
    /// else whatever <c>dotnet</c> is on the PATH.
    /// </summary>
    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    /// <summary>
    /// The portal's own build output: with artifacts output it is the test assembly's sibling
    /// (<c>bin/PortalRelease.Portal.Tests/debug</c> → <c>bin/PortalRelease.Portal/debug</c>); a copy beside the tests is the fallback.
    /// </summary>
    public static string PortalDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var candidates = new List<string>();
        if (here.Parent?.Parent is { } bin)
        {
            candidates.Add(Path.Combine(bin.FullName, "PortalRelease.Portal", Configuration, "PortalRelease.Portal.dll"));
        }
        candidates.Add(Path.Combine(here.FullName, "PortalRelease.Portal.dll"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"PortalRelease.Portal.dll not found; looked in {string.Join(", ", candidates)}.");
    }
}

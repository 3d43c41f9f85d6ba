using PortalRelease.Testing;

namespace PortalRelease.Cli.Tests;

/// <summary>Where the repository is; the dotnet host and the portal's build output as the portal's tests find them (<see cref="BuildOutput"/>).</summary>
internal static class Paths
{
    public static string RepoRoot { get; } = typeof(Paths).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>The build configuration the tests were built in (debug or release).</summary>
    public static string Configuration => BuildOutput.Configuration;

    public static string Dotnet() => BuildOutput.DotnetHost();

    public static string PortalDll() => BuildOutput.PortalDll();
}

namespace PortalRelease.Portal.Configuration;

/// <summary>
/// Finds the portal's home: the folder holding the operator's <c>appsettings.json</c>. Under <c>dotnet run</c>
/// that is the repository root; a published portal carries the file beside its binaries. Relative paths in
/// the configuration (data, plugins) resolve against it.
/// </summary>
public static class PortalHome
{
    public static WebApplicationOptions CreateOptions(string[] args)
    {
        // An explicit content root (command line, environment, or a test host) wins.
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"));
        return new WebApplicationOptions
        {
            Args = args,
            // The binaries usually sit below the home (artifacts/ under the repository, or the publish folder
            // itself); when they are built elsewhere, the folder `dotnet run` was started from is the next guess.
            ContentRootPath = explicitRoot ? null : Find(AppContext.BaseDirectory) ?? Find(Directory.GetCurrentDirectory()),
        };
    }

    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}

using System.Text.Json;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace Samples.NginxUpstream.Tests;

/// <summary>A temporary folder standing in for /etc/nginx/conf.d, and targets writing into it.</summary>
internal sealed class NginxFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("nginx-upstream-").FullName;

    public string ConfigPath => System.IO.Path.Combine(Path, "app-upstream.conf");

    /// <summary>Where the test reload command copies the config it was given, proving it ran on the new file.</summary>
    public string ReloadedPath => System.IO.Path.Combine(Path, "reloaded.conf");

    public string SettingsJson(string[]? reloadCommand = null, double reloadTimeoutSeconds = 10) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["configPath"] = ConfigPath,
        ["upstream"] = "app",
        ["stableServer"] = "10.0.0.1:8080",
        ["canaryServer"] = "10.0.0.2:8080",
        ["reloadCommand"] = reloadCommand ?? ["/bin/sh", "-c", "cp \"$1\" \"$2\"", "reload", "{config}", ReloadedPath],
        ["reloadTimeoutSeconds"] = reloadTimeoutSeconds,
    });

    public TargetContext Target(string? settingsJson = null) => TargetContexts.FromJson("web", NginxUpstreamPlugin.Kind, settingsJson ?? SettingsJson());

    public static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

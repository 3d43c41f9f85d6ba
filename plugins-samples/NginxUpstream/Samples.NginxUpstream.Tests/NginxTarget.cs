using System.Text.Json;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace Samples.NginxUpstream.Tests;

/// <summary>
/// A temporary folder standing in for /etc/nginx/conf.d (the operator's Portal:TargetPolicy:Kinds:nginx-upstream:Root),
/// and targets writing into it.
/// </summary>
internal sealed class NginxFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("nginx-upstream-").FullName;

    public string ConfigPath => System.IO.Path.Combine(Path, "app-upstream.conf");

    /// <summary>Where <see cref="FakeNginx"/> copies the config when signalled, proving it reloaded after the file was written.</summary>
    public string ReloadedPath => System.IO.Path.Combine(Path, "reloaded.conf");

    /// <param name="pidPath">nginx's pid file, for a target that reloads nginx; none when omitted.</param>
    public string SettingsJson(string? pidPath = null)
    {
        var settings = new Dictionary<string, object>
        {
            ["configPath"] = ConfigPath,
            ["upstream"] = "app",
            ["stableServer"] = "10.0.0.1:8080",
            ["canaryServer"] = "10.0.0.2:8080",
        };
        if (pidPath is not null)
        {
            settings["pidPath"] = pidPath;
        }

        return JsonSerializer.Serialize(settings);
    }

    public TargetContext Target(string? settingsJson = null) => TargetContexts.FromJson("web", NginxUpstreamPlugin.Kind, settingsJson ?? SettingsJson());

    public static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

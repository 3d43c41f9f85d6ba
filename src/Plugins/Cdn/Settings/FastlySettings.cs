using System.Text.RegularExpressions;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn.Settings;

/// <summary>What to purge after an activation that changes the stable origin.</summary>
internal enum PurgeMode
{
    None,
    All,
    SurrogateKey,
}

/// <summary>A Fastly target's settings with defaults applied; the API token comes from the target's secrets.</summary>
internal sealed partial record FastlySettings
{
    public const string VersionPlaceholder = "{version}";
    public static readonly Uri DefaultApiUrl = new("https://api.fastly.com/");

    public required string ServiceId { get; init; }

    public required string ApiToken { get; init; }

    public required string OriginHostTemplate { get; init; }

    public int OriginPort { get; init; } = 443;

    public bool OriginTls { get; init; } = true;

    public bool StageFirst { get; init; }

    public PurgeMode Purge { get; init; } = PurgeMode.None;

    public string? SurrogateKey { get; init; }

    public Uri ApiUrl { get; init; } = DefaultApiUrl;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxRetries { get; init; } = 3;

    /// <summary>Calls on one service are serialized across all targets that name it.</summary>
    public string LockKey => $"{ApiUrl}|{ServiceId}";

    /// <summary>
    /// The origin host of a version. The version is also written into VCL, so only host-name characters are accepted:
    /// that check is what keeps a version string from ever becoming VCL code.
    /// </summary>
    public string OriginHost(string version)
    {
        var host = OriginHostTemplate.Replace(VersionPlaceholder, version, StringComparison.Ordinal).ToLowerInvariant();
        if (!VersionPattern().IsMatch(version) || !HostPattern().IsMatch(host) || host.Length > 253)
        {
            throw new DriverException(
                $"Version '{version}' gives origin host '{host}' (originHostTemplate '{OriginHostTemplate}'), which is not a valid host name: a version may hold letters, digits, dots and dashes.");
        }

        return host;
    }

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,62})\\z")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^(?=.{1,253}\\z)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\\z")]
    private static partial Regex HostPattern();
}

using System.Globalization;
using PortalRelease.Plugins.Cdn.Api;
using PortalRelease.Plugins.Cdn.Settings;

namespace PortalRelease.Plugins.Cdn.Edge;

/// <summary>
/// The part of a service version the portal owns: a backend per served version (<c>portalrelease_stable</c>,
/// <c>portalrelease_canary</c>), a <c>recv</c> snippet choosing between them and a <c>hash</c> snippet keeping their
/// cached objects apart. Everything else in the service is left as the operator configured it.
/// </summary>
internal static class EdgeConfig
{
    public const string StableBackend = "portalrelease_stable";
    public const string CanaryBackend = "portalrelease_canary";
    public const string RoutingSnippet = "portalrelease_routing";
    public const string CacheKeySnippet = "portalrelease_cache_key";
    public const string OriginHeader = "Portal-Release-Origin";

    public static readonly string[] Backends = [StableBackend, CanaryBackend];
    public static readonly string[] Snippets = [RoutingSnippet, CacheKeySnippet];

    /// <summary>The backends the marker's routing needs, as the backend API's form fields.</summary>
    public static IReadOnlyList<DesiredBackend> DesiredBackends(ReleaseMarker marker, FastlySettings settings)
    {
        var result = new List<DesiredBackend>();
        if (marker.Stable is { } stable)
        {
            result.Add(Backend(StableBackend, settings.OriginHost(stable), settings));
        }

        if (marker.Canary is { } canary)
        {
            result.Add(Backend(CanaryBackend, settings.OriginHost(canary), settings));
        }

        return result;
    }

    /// <summary>The snippets the marker's routing needs: none when the portal routes nothing.</summary>
    public static IReadOnlyList<DesiredSnippet> DesiredSnippets(ReleaseMarker marker)
    {
        if (marker.Stable is null && marker.Canary is null)
        {
            return [];
        }

        return
        [
            new DesiredSnippet(RoutingSnippet, "recv", RoutingVcl(marker)),
            new DesiredSnippet(CacheKeySnippet, "hash", CacheKeyVcl),
        ];
    }

    // Versions reach VCL only after FastlySettings.OriginHost accepted them (letters, digits, dots, dashes).
    private static string RoutingVcl(ReleaseMarker marker)
    {
        string[] stable = marker.Stable is { } version
            ? [$"set req.backend = F_{StableBackend};", $"set req.http.{OriginHeader} = \"{version}\";"]
            : [$"set req.http.{OriginHeader} = \"service-default\";"];
        var lines = new List<string> { "# Managed by PortalRelease: replaced by every release step." };
        if (marker.Canary is not { } canary)
        {
            lines.AddRange(stable);
            return string.Join('\n', lines) + "\n";
        }

        // Seeded by the client's address, so one client stays on one version while the weight holds or grows.
        var weight = marker.Weight.ToString(CultureInfo.InvariantCulture);
        lines.Add($"if (randombool_seeded({weight}, 100, std.strtol(substr(digest.hash_sha256(req.http.Fastly-Client-IP), 0, 8), 16))) {{");
        lines.Add($"  set req.backend = F_{CanaryBackend};");
        lines.Add($"  set req.http.{OriginHeader} = \"{canary}\";");
        lines.Add("} else {");
        lines.AddRange(stable.Select(line => "  " + line));
        lines.Add("}");
        return string.Join('\n', lines) + "\n";
    }

    // Objects from different origin versions never share a cache entry, so a canary's responses never reach stable users.
    private const string CacheKeyVcl =
        "# Managed by PortalRelease: objects from different origin versions are cached apart.\n"
        + "set req.hash += req.http." + OriginHeader + ";\n";

    private static DesiredBackend Backend(string name, string host, FastlySettings settings)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("name", name),
            new("address", host),
            new("port", settings.OriginPort.ToString(CultureInfo.InvariantCulture)),
            new("override_host", host),
            new("auto_loadbalance", "false"),
            new("use_ssl", settings.OriginTls ? "true" : "false"),
        };
        if (settings.OriginTls)
        {
            form.Add(new("ssl_cert_hostname", host));
            form.Add(new("ssl_sni_hostname", host));
        }

        return new DesiredBackend(name, host, settings.OriginPort, settings.OriginTls, form);
    }
}

/// <summary>A backend as the portal wants it.</summary>
internal sealed record DesiredBackend(string Name, string Host, int Port, bool Tls, IReadOnlyList<KeyValuePair<string, string>> Form)
{
    public bool Matches(FastlyBackend backend) =>
        string.Equals(backend.Address, Host, StringComparison.OrdinalIgnoreCase)
        && backend.Port == Port
        && (backend.UseSsl ?? false) == Tls
        && string.Equals(backend.OverrideHost, Host, StringComparison.OrdinalIgnoreCase)
        && (!Tls || string.Equals(backend.SslCertHostname, Host, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A versioned (regular) VCL snippet as the portal wants it.</summary>
internal sealed record DesiredSnippet(string Name, string Type, string Content)
{
    public const string Priority = "100";

    public IReadOnlyList<KeyValuePair<string, string>> Form =>
    [
        new("name", Name),
        new("type", Type),
        new("dynamic", "0"),
        new("priority", Priority),
        new("content", Content),
    ];

    public bool Matches(FastlySnippet snippet) =>
        string.Equals(snippet.Type, Type, StringComparison.Ordinal) && string.Equals(snippet.Content, Content, StringComparison.Ordinal);
}

using System.Collections.Concurrent;

namespace PortalRelease.Sdk.Testing;

/// <summary>
/// An <see cref="IHostPolicy"/> a test configures by hand, with the portal's rules: loopback allowed (plain <c>http</c>
/// too) unless turned off, other hosts only when listed, host paths only under a kind's root and never inside the plugin's
/// data folder, features only when enabled. Every endpoint checked is recorded, so a test can assert the plugin asked.
/// </summary>
public sealed class TestHostPolicy : IHostPolicy
{
    private readonly ConcurrentQueue<Uri> _checked = new();

    /// <summary>Creates a policy that allows loopback only.</summary>
    /// <param name="dataDirectory">A folder no path may resolve into (the host's own data), e.g. the plugin's data folder.</param>
    public TestHostPolicy(string? dataDirectory = null)
    {
        DataDirectory = dataDirectory;
    }

    /// <summary>A folder no resolved path may lie in.</summary>
    public string? DataDirectory { get; }

    /// <summary>Whether loopback endpoints (<c>http</c> or <c>https</c>) are allowed; true unless set.</summary>
    public bool AllowLoopback { get; set; } = true;

    /// <summary>Whether plain <c>http</c> is allowed to the listed hosts too; false unless set.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Host names (or <c>host:port</c>) every kind may connect to, compared case-insensitively.</summary>
    public ISet<string> Hosts { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The root folder for host paths, per kind; a kind without one may use no paths.</summary>
    public IDictionary<string, string> Roots { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Enabled features as <c>kind/feature</c>, e.g. <c>kubernetes/in-cluster</c>; see <see cref="Enable"/>.</summary>
    public ISet<string> Features { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every endpoint <see cref="CheckEndpoint"/> was asked about, allowed or not, in order.</summary>
    public IReadOnlyCollection<Uri> Checked => _checked;

    /// <summary>Enables an optional feature of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="feature">The feature, e.g. <c>in-cluster</c>.</param>
    public TestHostPolicy Enable(string kind, string feature)
    {
        Features.Add(kind + "/" + feature);
        return this;
    }

    /// <inheritdoc />
    public string? CheckEndpoint(string kind, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _checked.Enqueue(endpoint);
        if (!endpoint.IsAbsoluteUri || endpoint.IdnHost.Length == 0 || endpoint.IsFile)
        {
            return $"'{endpoint}' is not a network endpoint (test policy for kind '{kind}').";
        }
        var loopback = HostPolicy.IsLoopback(endpoint);
        if (loopback && AllowLoopback)
        {
            return null;
        }
        var host = endpoint.IdnHost.TrimEnd('.');
        if (!loopback && (Hosts.Contains(host) || Hosts.Contains(host + ":" + endpoint.Port)))
        {
            return endpoint.Scheme == "http" && !AllowHttp ? $"Plain http to '{host}' is not allowed for kind '{kind}' (test policy: AllowHttp is off)." : null;
        }
        return $"Host '{host}' is not allowed for kind '{kind}' (test policy allows {(AllowLoopback ? "loopback" : "no loopback")} and [{string.Join(", ", Hosts)}]).";
    }

    /// <inheritdoc />
    public string? ResolvePath(string kind, string path, out string fullPath)
    {
        ArgumentNullException.ThrowIfNull(path);
        fullPath = "";
        if (!Roots.TryGetValue(kind, out var root))
        {
            return $"Kind '{kind}' may not use host paths (test policy has no root for it).";
        }
        var resolvedRoot = HostPaths.Resolve(root, ".");
        var resolved = path.Length == 0 || resolvedRoot is null ? null : HostPaths.Resolve(resolvedRoot, path);
        if (resolved is null || !HostPaths.IsInside(resolved, resolvedRoot!))
        {
            return $"The path is outside the root the test policy allows for kind '{kind}'.";
        }
        if (DataDirectory is not null && HostPaths.Resolve(DataDirectory, ".") is { } data && HostPaths.IsInside(resolved, data))
        {
            return "The path lies inside the host's data folder.";
        }
        fullPath = resolved;
        return null;
    }

    /// <inheritdoc />
    public bool IsEnabled(string kind, string feature) => Features.Contains(kind + "/" + feature);
}

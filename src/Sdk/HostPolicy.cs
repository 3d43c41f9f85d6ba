using System.Net;

namespace PortalRelease.Sdk;

/// <summary>Ready-made <see cref="IHostPolicy"/> instances.</summary>
public static class HostPolicy
{
    /// <summary>
    /// The policy a host that configured nothing gives: <c>http</c> and <c>https</c> to loopback addresses
    /// (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>::1</c>) only, no host paths, no optional features.
    /// </summary>
    public static IHostPolicy LoopbackOnly { get; } = new LoopbackOnlyPolicy();

    /// <summary>Whether <paramref name="endpoint"/> names a loopback host: <c>localhost</c> or a loopback IP literal.</summary>
    /// <param name="endpoint">An absolute URI.</param>
    public static bool IsLoopback(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri)
        {
            return false;
        }
        var host = endpoint.IdnHost.TrimEnd('.');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host, out var address)
            && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    private sealed class LoopbackOnlyPolicy : IHostPolicy
    {
        public string? CheckEndpoint(string kind, Uri endpoint)
        {
            ArgumentNullException.ThrowIfNull(endpoint);
            var scheme = endpoint.IsAbsoluteUri ? endpoint.Scheme : "";
            if (scheme is not ("http" or "https"))
            {
                return $"Kind '{kind}' may only connect to http or https endpoints on loopback here; the host configures no Portal:TargetPolicy.";
            }
            return IsLoopback(endpoint)
                ? null
                : $"Host '{endpoint.IdnHost}' is not allowed for kind '{kind}': the host allows loopback only (configure Portal:TargetPolicy:Kinds:{kind}:Hosts).";
        }

        public string? ResolvePath(string kind, string path, out string fullPath)
        {
            fullPath = "";
            return $"Kind '{kind}' may not use host paths: Portal:TargetPolicy:Kinds:{kind}:Root is not set.";
        }

        public bool IsEnabled(string kind, string feature) => false;
    }
}

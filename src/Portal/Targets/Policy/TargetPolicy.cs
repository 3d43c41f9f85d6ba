using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets.Policy;

/// <summary>
/// The portal's <see cref="IHostPolicy"/>, from <c>Portal:TargetPolicy</c>: handed to every plugin and used by the portal
/// itself for settings a driver's schema marks as destinations. Refusals name the appsettings key that would allow the
/// request, because the person who reads them (a user saving a target) must ask the operator, who edits that key.
/// </summary>
public sealed partial class TargetPolicy : IHostPolicy
{
    private const int ExcerptLength = 64;

    /// <summary>
    /// How long a name's addresses are reused for the <c>Networks</c> check. A plugin asks before every request (a
    /// Prometheus query, each Fastly or Lambda call), so without it every request waited for a DNS lookup of its own.
    /// </summary>
    internal static readonly TimeSpan NameCacheFor = TimeSpan.FromSeconds(10);

    /// <summary>Names kept before expired ones are dropped: settings are user input, so the cache must not grow with them.</summary>
    private const int MaxCachedNames = 1024;

    private readonly bool _allowLoopback;
    private readonly Dictionary<string, KindRules> _kinds;
    private readonly string _dataDirectory;
    private readonly Func<string, IPAddress[]> _resolve;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (IPAddress[] Addresses, DateTimeOffset Until)> _names = new(StringComparer.Ordinal);

    public TargetPolicy(IOptions<TargetPolicyOptions> options, PortalPaths paths, IHostEnvironment environment)
        : this(options.Value, environment.ContentRootPath, paths.DataDirectory, Dns.GetHostAddresses)
    {
    }

    /// <param name="options">The operator's rules.</param>
    /// <param name="home">The portal's home: relative roots resolve against it.</param>
    /// <param name="dataDirectory">The portal's data folder, which no path may resolve into.</param>
    /// <param name="resolve">Name resolution, for names allowed through <c>Networks</c>.</param>
    /// <param name="time">The clock of the name cache (<see cref="NameCacheFor"/>); the system's when null.</param>
    internal TargetPolicy(TargetPolicyOptions options, string home, string dataDirectory, Func<string, IPAddress[]> resolve, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _allowLoopback = options.AllowLoopback;
        _kinds = new Dictionary<string, KindRules>(StringComparer.OrdinalIgnoreCase);
        foreach (var (kind, rules) in options.Kinds)
        {
            _kinds[kind] = new KindRules(rules, home);
        }
        _dataDirectory = HostPaths.Resolve(dataDirectory, ".") ?? Path.GetFullPath(dataDirectory);
        _resolve = resolve;
    }

    public string? CheckEndpoint(string kind, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || endpoint.IsFile || endpoint.IsUnc || endpoint.IdnHost.Length == 0)
        {
            return $"'{Excerpt(endpoint.OriginalString)}' is not a network address a target of kind '{kind}' may connect to.";
        }
        var host = endpoint.IdnHost.TrimEnd('.').ToLowerInvariant();
        var address = IPAddress.TryParse(host, out var parsed) ? HostPattern.Normalize(parsed) : null;
        if (_allowLoopback && HostPolicy.IsLoopback(endpoint))
        {
            return null;
        }
        var rules = _kinds.GetValueOrDefault(kind);
        if (rules is null)
        {
            return $"Host '{Excerpt(host)}' is not allowed for kind '{kind}': {TargetPolicyOptions.Section}:Kinds:{kind} is not configured, so {(_allowLoopback ? "only loopback is" : "nothing is")} (add the host to {TargetPolicyOptions.Section}:Kinds:{kind}:Hosts).";
        }
        if (!rules.Hosts.Any(h => h.Matches(host, address, endpoint.Port)) && !InNetworks(rules, host, address))
        {
            var what = rules.Hosts.Any(h => h.Port is not null) && endpoint.Port > 0 ? $"{host}:{endpoint.Port}" : host;
            var allowed = (_allowLoopback ? ["loopback"] : Array.Empty<string>()).Concat(rules.Describe()).ToList();
            return $"Host '{Excerpt(what)}' is not in {TargetPolicyOptions.Section}:Kinds:{kind}:Hosts or Networks (allowed: {(allowed.Count == 0 ? "nothing" : string.Join(", ", allowed))}).";
        }
        if ((endpoint.Scheme is "http" or "ws") && !rules.AllowHttp)
        {
            return $"Plain {endpoint.Scheme} to '{Excerpt(host)}' is not allowed for kind '{kind}': use {(endpoint.Scheme == "ws" ? "wss" : "https")}, or set {TargetPolicyOptions.Section}:Kinds:{kind}:AllowHttp to true.";
        }
        return null;
    }

    public bool IsEnabled(string kind, string feature) =>
        _kinds.GetValueOrDefault(kind) is { } rules && rules.Features.Contains(feature);

    /// <summary>A name is inside the networks only when every address it resolves to is, so one stray record cannot widen them.</summary>
    private bool InNetworks(KindRules rules, string host, IPAddress? address)
    {
        if (rules.Networks.Count == 0)
        {
            return false;
        }
        if (address is not null)
        {
            return rules.InNetworks(address);
        }
        var addresses = Addresses(host);
        return addresses.Length > 0 && addresses.All(a => rules.InNetworks(HostPattern.Normalize(a)));
    }

    /// <summary>The name's addresses, looked up at most once per <see cref="NameCacheFor"/>; none when it does not resolve.</summary>
    private IPAddress[] Addresses(string host)
    {
        var now = _time.GetUtcNow();
        if (_names.TryGetValue(host, out var known) && known.Until > now)
        {
            return known.Addresses;
        }
        IPAddress[] addresses;
        try
        {
            addresses = _resolve(host);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            addresses = [];
        }
        if (_names.Count >= MaxCachedNames)
        {
            foreach (var expired in _names.Where(n => n.Value.Until <= now).Select(n => n.Key).ToList())
            {
                _names.TryRemove(expired, out _);
            }
        }
        if (_names.Count < MaxCachedNames)
        {
            _names[host] = (addresses, now + NameCacheFor);
        }
        return addresses;
    }

    private static string Excerpt(string text) => text.Length <= ExcerptLength ? text : text[..ExcerptLength] + "…";
}

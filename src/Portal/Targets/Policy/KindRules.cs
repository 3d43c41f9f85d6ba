using System.Net;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets.Policy;

/// <summary>One kind's <see cref="KindPolicyOptions"/>, parsed once; entries the validator refuses at start are left out.</summary>
internal sealed class KindRules
{
    public KindRules(KindPolicyOptions options, string home)
    {
        Hosts = options.Hosts.Select(h => HostPattern.Parse(h, out _)).OfType<HostPattern>().ToList();
        Networks = options.Networks.Select(n => IPNetwork.TryParse(n.Trim(), out var network) ? network : (IPNetwork?)null).OfType<IPNetwork>().ToList();
        AllowHttp = options.AllowHttp;
        Root = string.IsNullOrWhiteSpace(options.Root) ? null : HostPaths.Resolve(home, options.Root.Trim());
        Features = options.Features.Select(f => f.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<HostPattern> Hosts { get; }

    public IReadOnlyList<IPNetwork> Networks { get; }

    public bool AllowHttp { get; }

    /// <summary>The resolved root folder, or null when the kind may use no host paths.</summary>
    public string? Root { get; }

    public IReadOnlySet<string> Features { get; }

    public bool InNetworks(IPAddress address) => Networks.Any(n => n.Contains(address));

    /// <summary>What is allowed, for a refusal's "(allowed: …)".</summary>
    public IEnumerable<string> Describe() => Hosts.Select(h => h.Text).Concat(Networks.Select(n => n.ToString()));
}

using System.Net;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// Where the portal listens, as configured (<c>Urls</c>, <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c>, <c>Kestrel:Endpoints</c>)
/// or as bound, and whether that is loopback alone: the condition for loading unchecked plugins.
/// </summary>
internal static class ListenAddresses
{
    /// <summary>Every configured listen address with the setting it came from; empty means Kestrel's default, localhost.</summary>
    public static IReadOnlyList<(string Address, string Setting)> Configured(IConfiguration configuration)
    {
        var addresses = new List<(string, string)>();
        addresses.AddRange(Split(configuration["urls"]).Select(a => (a, "Urls")));
        // HTTP_PORTS and HTTPS_PORTS bind every interface.
        addresses.AddRange(Split(configuration["http_ports"]).Select(p => ($"http://*:{p}", "HTTP_PORTS")));
        addresses.AddRange(Split(configuration["https_ports"]).Select(p => ($"https://*:{p}", "HTTPS_PORTS")));
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                addresses.Add((url, $"Kestrel:Endpoints:{endpoint.Key}:Url"));
            }
        }
        return addresses;
    }

    /// <summary>
    /// Whether an address is reachable from this machine only. Kestrel binds a host name other than <c>localhost</c>
    /// to every interface, so only <c>localhost</c>, loopback IPs and Unix sockets or named pipes count.
    /// </summary>
    public static bool IsLoopback(string address)
    {
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address.Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        if (binding.IsUnixPipe || binding.IsNamedPipe)
        {
            return true;
        }
        var host = binding.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

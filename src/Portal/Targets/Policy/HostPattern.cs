using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace PortalRelease.Portal.Targets.Policy;

/// <summary>
/// One entry of a kind's <c>Hosts</c>: an exact name, a name with <c>*</c> labels (each standing for one or more whole
/// labels), or an IP literal, optionally with a port.
/// </summary>
internal sealed partial class HostPattern
{
    private readonly string[] _labels;
    private readonly IPAddress? _address;

    private HostPattern(string text, string[] labels, IPAddress? address, int? port)
    {
        Text = text;
        _labels = labels;
        _address = address;
        Port = port;
    }

    /// <summary>The entry as the operator wrote it, for messages.</summary>
    public string Text { get; }

    /// <summary>The only port allowed, or null for any.</summary>
    public int? Port { get; }

    /// <summary>Parses an entry, or says why it is not one.</summary>
    public static HostPattern? Parse(string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim().ToLowerInvariant();
        var (host, port) = SplitPort(trimmed);
        if (port is { } p && (p < 1 || p > 65535))
        {
            error = "has a port outside 1-65535";
            return null;
        }
        if (host.StartsWith('[') && host.EndsWith(']') && IPAddress.TryParse(host[1..^1], out var v6))
        {
            return new HostPattern(text, [], Normalize(v6), port);
        }
        // Only a full dotted quad or an IPv6 literal: "10" or "10.1" would parse as addresses but are meant as names, if anything.
        if (IPAddress.TryParse(host, out var address) && (host.Contains(':', StringComparison.Ordinal) || host.Count(c => c == '.') == 3))
        {
            return new HostPattern(text, [], Normalize(address), port);
        }
        var labels = host.TrimEnd('.').Split('.');
        if (labels.Length == 0 || labels.Any(l => l != "*" && !Label().IsMatch(l)))
        {
            error = "is not a host name, a '*.' wildcard of whole labels or an IP literal";
            return null;
        }
        if (labels.All(l => l == "*"))
        {
            error = "would allow every host; list the hosts, or use Networks for address ranges";
            return null;
        }
        return new HostPattern(text, labels, null, port);
    }

    /// <summary>Whether a host (lower-case name without trailing dot, or IP literal) and port match this entry.</summary>
    public bool Matches(string host, IPAddress? address, int port)
    {
        if (Port is { } only && only != port)
        {
            return false;
        }
        if (_address is not null || address is not null)
        {
            return _address is not null && address is not null && _address.Equals(address);
        }
        return Match(_labels, 0, host.Split('.'), 0);
    }

    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>Label by label; a <c>*</c> takes one label and then as many more as the rest of the pattern leaves.</summary>
    private static bool Match(string[] pattern, int p, string[] host, int h)
    {
        if (p == pattern.Length)
        {
            return h == host.Length;
        }
        if (h == host.Length)
        {
            return false;
        }
        if (pattern[p] != "*")
        {
            return pattern[p] == host[h] && Match(pattern, p + 1, host, h + 1);
        }
        for (var taken = h + 1; taken <= host.Length; taken++)
        {
            if (Match(pattern, p + 1, host, taken))
            {
                return true;
            }
        }
        return false;
    }

    private static (string Host, int? Port) SplitPort(string text)
    {
        var colon = text.LastIndexOf(':');
        // A bare IPv6 literal has colons but no port; one in brackets may have one after "]:".
        var hasPort = colon > 0 && (text.StartsWith('[') ? text[colon - 1] == ']' : text.IndexOf(':') == colon);
        if (!hasPort)
        {
            return (text, null);
        }
        return int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (text[..colon], port)
            : (text[..colon], -1);
    }

    [GeneratedRegex("^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\\z")]
    private static partial Regex Label();
}

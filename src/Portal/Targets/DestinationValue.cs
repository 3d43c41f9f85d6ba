using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// How the portal reads a setting marked <c>"x-portal-destination"</c>: an absolute URL, or a bare <c>host[:port]</c>
/// parsed strictly. A lax reading could check one host while the driver connects to another, so anything else is refused,
/// except the forms that are plainly the driver's own to check: a document (<c>contentMediaType</c>, several lines, a
/// JSON object), an ADO.NET connection string (<c>key=value;…</c>) and a single name without a dot or colon (a region, a
/// cluster name), which the driver maps to an endpoint it checks itself.
/// </summary>
internal static partial class DestinationValue
{
    public enum Form
    {
        /// <summary>A URL or host[:port]: <see cref="Reading.Endpoint"/> is what the policy checks.</summary>
        Endpoint,

        /// <summary>A document, connection string or bare name: the driver's to check.</summary>
        DriversOwn,

        /// <summary>Neither: refused as a settings error naming the field.</summary>
        Malformed,
    }

    public readonly record struct Reading(Form Form, Uri? Endpoint);

    public static Reading Read(string text, bool document)
    {
        if (document || text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            || text.StartsWith('{') || ConnectionString().IsMatch(text))
        {
            return new(Form.DriversOwn, null);
        }
        if (text.Length == 0 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\'))
        {
            return new(Form.Malformed, null);
        }
        if (text.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.IdnHost.Length > 0 && !url.IsFile
                ? new(Form.Endpoint, url)
                : new(Form.Malformed, null);
        }
        if (BareName().IsMatch(text) && !text.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new(Form.DriversOwn, null);
        }
        return HostAndPort(text) is { } endpoint ? new(Form.Endpoint, endpoint) : new(Form.Malformed, null);
    }

    /// <summary><c>name[:port]</c>, <c>ipv4[:port]</c>, <c>[ipv6][:port]</c> or a bare IPv6 literal, as an https endpoint; null otherwise.</summary>
    private static Uri? HostAndPort(string text)
    {
        if (IPAddress.TryParse(text, out var bare) && bare.AddressFamily == AddressFamily.InterNetworkV6 && !text.Contains('[', StringComparison.Ordinal))
        {
            return new Uri($"https://[{bare}]/");
        }
        var match = Host().Match(text);
        if (!match.Success)
        {
            return null;
        }
        if (match.Groups["v6"].Success && !(IPAddress.TryParse(match.Groups["v6"].Value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6))
        {
            return null;
        }
        if (match.Groups["port"].Success && int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture) is < 1 or > 65535)
        {
            return null;
        }
        return Uri.TryCreate("https://" + text + "/", UriKind.Absolute, out var endpoint) ? endpoint : null;
    }

    // DNS labels (letters, digits, '-' inside, '_' as some private names use), an optional final dot, an optional port.
    [GeneratedRegex(@"^(?:\[(?<v6>[0-9A-Fa-f:.]+)\]|[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?)(?::(?<port>[0-9]{1,5}))?\z")]
    private static partial Regex Host();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+\z")]
    private static partial Regex BareName();

    // key=value pairs separated by ';', values optionally quoted as ADO.NET allows.
    [GeneratedRegex("""^\s*[A-Za-z][A-Za-z0-9 _]*\s*=\s*(?:'[^']*'|"[^"]*"|[^;'"]*)\s*(?:;\s*[A-Za-z][A-Za-z0-9 _]*\s*=\s*(?:'[^']*'|"[^"]*"|[^;'"]*)\s*)*;?\s*\z""")]
    private static partial Regex ConnectionString();
}

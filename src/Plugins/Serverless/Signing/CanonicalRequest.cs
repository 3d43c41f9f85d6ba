using System.Globalization;
using System.Text;

namespace PortalRelease.Plugins.Serverless.Signing;

/// <summary>
/// The canonical request of AWS Signature Version 4, built from what goes on the wire. AWSSDK.Core's signer works on
/// its own request type only, so the canonical form is built here and AWSSDK.Core turns it into the signature.
/// </summary>
internal static class CanonicalRequest
{
    /// <summary>Builds the canonical request and the signed-header list.</summary>
    /// <param name="method">The HTTP verb.</param>
    /// <param name="path">The path as sent, already percent-encoded once, e.g. <c>/2015-03-31/functions/my-fn/aliases/live</c>.</param>
    /// <param name="query">The query parameters, unencoded.</param>
    /// <param name="headers">The headers to sign, as sent (names in any case).</param>
    /// <param name="payloadHash">The lower-case hex SHA-256 of the body.</param>
    public static (string Canonical, string SignedHeaders) Build(
        string method, string path, IEnumerable<KeyValuePair<string, string>> query, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash)
    {
        var canonicalHeaders = headers
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(",", g.Select(h => TrimAll(h.Value)))))
            .ToList();
        var signedHeaders = string.Join(";", canonicalHeaders.Select(h => h.Name));
        var builder = new StringBuilder();
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalPath(path)).Append('\n');
        builder.Append(CanonicalQuery(query)).Append('\n');
        foreach (var (name, value) in canonicalHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
        builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return (builder.ToString(), signedHeaders);
    }

    // Every service but S3 encodes each path segment twice: once on the wire, once more here.
    private static string CanonicalPath(string path) =>
        path.Length == 0 ? "/" : string.Join("/", path.Split('/').Select(Encode));

    private static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query) => string.Join("&", query
        .Select(p => (Key: Encode(p.Key), Value: Encode(p.Value)))
        .OrderBy(p => p.Key, StringComparer.Ordinal)
        .ThenBy(p => p.Value, StringComparer.Ordinal)
        .Select(p => $"{p.Key}={p.Value}"));

    /// <summary>RFC 3986 percent-encoding: everything but unreserved characters, upper-case hex, UTF-8.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    // Leading and trailing spaces go; runs of spaces inside become one.
    private static string TrimAll(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

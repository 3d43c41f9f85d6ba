using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PortalRelease.Plugins.Serverless.Tests.FakeLambda;

/// <summary>
/// Checks a request's SigV4 signature as AWS does, written from the specification independently of the plugin's
/// signer (HMAC-SHA256 from the BCL), so a wrong canonical form on either side shows up as a 403.
/// </summary>
public static partial class SigV4Verifier
{
    /// <summary>Null when the signature is right; otherwise why not.</summary>
    public static string? Check(
        string method, string rawPath, string rawQuery, IReadOnlyDictionary<string, string> headers, byte[] body,
        string accessKeyId, string secret, string region, string service)
    {
        if (!headers.TryGetValue("authorization", out var authorization))
        {
            return "Missing Authentication Token";
        }
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return $"Authorization header is not SigV4: {authorization}";
        }
        var (key, date, scopeRegion, scopeService, signed, signature) =
            (match.Groups["key"].Value, match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value, match.Groups["signed"].Value, match.Groups["sig"].Value);
        if (key != accessKeyId)
        {
            return "The security token included in the request is invalid.";
        }
        if (!headers.TryGetValue("x-amz-date", out var amzDate) || !amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return "X-Amz-Date is missing or does not match the credential scope's date.";
        }
        if (scopeRegion != region || scopeService != service)
        {
            return $"Credential should be scoped to a valid region and service: {region}/{service}, not {scopeRegion}/{scopeService}.";
        }
        var names = signed.Split(';');
        if (!names.Contains("host") || !names.Contains("x-amz-date"))
        {
            return "Host and X-Amz-Date must be signed.";
        }
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(string.Join("/", rawPath.Split('/').Select(Encode))).Append('\n')
            .Append(string.Join("&", ParseQuery(rawQuery).Select(p => (K: Encode(p.Key), V: Encode(p.Value))).OrderBy(p => p.K, StringComparer.Ordinal).ThenBy(p => p.V, StringComparer.Ordinal).Select(p => $"{p.K}={p.V}"))).Append('\n');
        foreach (var name in names)
        {
            var value = headers.TryGetValue(name, out var v) ? v : "";
            canonical.Append(name).Append(':').Append(Regex.Replace(value.Trim(), " +", " ")).Append('\n');
        }
        canonical.Append('\n').Append(signed).Append('\n').Append(Hex(SHA256.HashData(body)));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var signingKey = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date), region), service), "aws4_request");
        var expected = Hex(Hmac(signingKey, toSign));
        return expected == signature
            ? null
            : "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.";
    }

    private static IEnumerable<KeyValuePair<string, string>> ParseQuery(string rawQuery) => rawQuery.TrimStart('?')
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2))
        .Select(p => KeyValuePair.Create(Uri.UnescapeDataString(p[0]), p.Length > 1 ? Uri.UnescapeDataString(p[1]) : ""));

    private static string Encode(string value) => string.Concat(Encoding.UTF8.GetBytes(value).Select(b =>
        char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' ? ((char)b).ToString() : "%" + b.ToString("X2", CultureInfo.InvariantCulture)));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}

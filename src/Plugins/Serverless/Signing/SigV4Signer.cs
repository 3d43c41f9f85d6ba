using System.Globalization;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace PortalRelease.Plugins.Serverless.Signing;

/// <summary>
/// Signs a request with AWS Signature Version 4: the canonical request is built by <see cref="CanonicalRequest"/>, the
/// string to sign, key derivation and HMAC chain are AWSSDK.Core's (<see cref="AWS4Signer.ComputeSignature(ImmutableCredentials, string, DateTime, string, string, string)"/>).
/// </summary>
internal static class SigV4Signer
{
    public const string AmzDateHeader = "X-Amz-Date";
    public const string SecurityTokenHeader = "X-Amz-Security-Token";

    /// <summary>Computes the <c>Authorization</c> header value for a request described by its parts.</summary>
    public static string Authorization(
        string method, string path, IEnumerable<KeyValuePair<string, string>> query, IEnumerable<KeyValuePair<string, string>> headers,
        string payloadHash, ImmutableCredentials credentials, string region, string service, DateTime signedAt)
    {
        var (canonical, signedHeaders) = CanonicalRequest.Build(method, path, query, headers, payloadHash);
        return AWS4Signer.ComputeSignature(credentials, region, signedAt, service, signedHeaders, canonical).ForAuthorizationHeader;
    }

    /// <summary>Adds <c>Host</c>, <c>X-Amz-Date</c>, the session token if any, and <c>Authorization</c> to a request.</summary>
    /// <param name="request">The request, with its final URI and content.</param>
    /// <param name="query">The query parameters of its URI, unencoded.</param>
    /// <param name="body">The body bytes (empty for none).</param>
    /// <param name="credentials">Who signs.</param>
    /// <param name="region">The signing region.</param>
    /// <param name="service">The signing service name, e.g. <c>lambda</c>.</param>
    /// <param name="now">The signing time.</param>
    public static void Sign(
        HttpRequestMessage request, IReadOnlyList<KeyValuePair<string, string>> query, byte[] body, ImmutableCredentials credentials,
        string region, string service, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var signedAt = now.UtcDateTime;
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        request.Headers.Host = host;
        request.Headers.Add(AmzDateHeader, amzDate);
        var headers = new List<KeyValuePair<string, string>> { new("Host", host), new(AmzDateHeader, amzDate) };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new("Content-Type", contentType.ToString()));
        }
        if (credentials.UseToken)
        {
            request.Headers.Add(SecurityTokenHeader, credentials.Token);
            headers.Add(new(SecurityTokenHeader, credentials.Token));
        }
        var payloadHash = Convert.ToHexStringLower(AWS4Signer.ComputeHash(body));
        var authorization = Authorization(request.Method.Method, uri.AbsolutePath, query, headers, payloadHash, credentials, region, service, signedAt);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
    }
}

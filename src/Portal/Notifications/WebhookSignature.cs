using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PortalRelease.Portal.Notifications;

/// <summary>
/// Signs a generic webhook: <c>X-Portal-Signature: sha256=&lt;hex&gt;</c> is HMAC-SHA256, keyed with the webhook's
/// secret, over <c>&lt;timestamp&gt;.&lt;body bytes&gt;</c>, where the timestamp is <c>X-Portal-Timestamp</c> (Unix
/// seconds of the attempt). Covering the timestamp lets a receiver refuse replays of an old, validly signed request.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Portal-Signature";
    public const string TimestampHeader = "X-Portal-Timestamp";
    public const string DeliveryHeader = "X-Portal-Delivery";
    public const string EventHeader = "X-Portal-Event";

    public static string Sign(byte[] key, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, signed));
    }

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// What a receiver does (documented in docs/operations.md): recompute, compare in constant time, and refuse a
    /// timestamp further than <paramref name="tolerance"/> from its own clock.
    /// </summary>
    public static bool Verify(byte[] key, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (timestamp is null || signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(key, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}

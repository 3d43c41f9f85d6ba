using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// Encrypts a target's secrets for the <c>targets.secrets</c> column and decrypts them only to hand them to a driver.
/// The column holds an envelope: the secret names in clear (they are in the driver's schema anyway, and the API must
/// say which are set without decrypting) and the values as one Data Protection payload. Keys live in the data folder's
/// <c>keys/</c> (see <see cref="TargetServiceExtensions"/>) so stored secrets survive restarts.
/// </summary>
public sealed class TargetSecrets(IDataProtectionProvider provider)
{
    private sealed record Envelope(IReadOnlyList<string> Keys, string Protected);

    // The purpose string isolates these payloads from every other Data Protection use (antiforgery, circuits).
    private readonly IDataProtector _protector = provider.CreateProtector("PortalRelease.Targets.Secrets.v1");

    /// <summary>The column value, or null when there is nothing to keep.</summary>
    public string? Protect(IReadOnlyDictionary<string, string> secrets) =>
        secrets.Count == 0
            ? null
            : JsonSerializer.Serialize(new Envelope(secrets.Keys.Order(StringComparer.Ordinal).ToList(), _protector.Protect(JsonSerializer.Serialize(secrets))));

    /// <summary>The names of the secrets that are set, read without decrypting anything.</summary>
    public static IReadOnlyList<string> Keys(string? column)
    {
        if (string.IsNullOrEmpty(column))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<Envelope>(column)?.Keys ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The plain secrets; throws <see cref="TargetSecretsUnreadableException"/> when the keys are gone.</summary>
    public Dictionary<string, string> Unprotect(string? column, string target)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(column))
        {
            return secrets;
        }
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(column) ?? throw new JsonException("empty envelope");
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(envelope.Protected)) ?? [])
            {
                secrets[key] = value;
            }
        }
        catch (Exception error) when (error is CryptographicException or JsonException)
        {
            throw new TargetSecretsUnreadableException(
                $"The secrets of target '{target}' cannot be decrypted: the data-protection keys in the data folder's keys/ were changed or lost. Enter the secrets again.");
        }
        KnownSecrets.Add(secrets.Values);
        return secrets;
    }
}

public sealed class TargetSecretsUnreadableException(string message) : Exception(message);

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Fixtures.SecretsPlugin;

/// <summary>
/// Reports what secrets it received without echoing them (length and a hash prefix in the status detail), and on
/// request behaves like a careless driver that puts the token in its error messages, so the tests can prove the
/// portal scrubs them.
/// </summary>
public sealed class SecretsDriver : ITargetDriver
{
    public const string RejectedToken = "rejected-by-driver";

    private static readonly string[] SecretKeys = ["auth/password", "token"];

    public string Kind => "fixture-secrets";

    public string DisplayName => "Fixture with secrets";

    public DriverCapabilities Capabilities => DriverCapabilities.AllAtOnce | DriverCapabilities.WeightedCanary | DriverCapabilities.Rollback;

    public string SettingsSchema => SecretsDriverSchema.Json;

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        var errors = new List<SettingsError>();
        if (settings.TryGetProperty("endpoint", out var endpoint) && endpoint.GetString() is { } url && url.Contains("invalid", StringComparison.Ordinal))
        {
            errors.Add(new SettingsError { Path = "/endpoint", Message = "The driver refuses endpoints containing 'invalid'." });
        }
        if (settings.TryGetProperty("token", out var token) && token.GetString() is { } value && value.StartsWith(RejectedToken, StringComparison.Ordinal))
        {
            errors.Add(new SettingsError { Path = "/token", Message = $"The token {value} was rejected." });
        }
        return ValueTask.FromResult<IReadOnlyList<SettingsError>>(errors);
    }

    public Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken)
    {
        if (Flag(target, "failApply"))
        {
            throw new DriverException($"Apply refused for token {Token(target)}.");
        }
        return Task.FromResult(ApplyResult.Applied($"{request.Version} at {request.Weight}% with {Describe(target)}"));
    }

    public Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken)
    {
        if (Flag(target, "failStatus"))
        {
            throw new DriverException($"Could not authenticate with token {Token(target)}.");
        }
        return Task.FromResult(new TargetStatus { Health = TargetHealth.Healthy, Ready = true, Detail = Describe(target) });
    }

    public Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(ApplyResult.Applied($"rolled back with {Describe(target)}"));

    /// <summary>e.g. <c>secrets: auth/password=none, token=sha256:1a2b3c4d5e6f len 18</c>; the tests compute the same.</summary>
    public static string Describe(TargetContext target) =>
        "secrets: " + string.Join(", ", SecretKeys.Select(k => $"{k}={Fingerprint(target.Secrets.GetValueOrDefault(k))}"));

    public static string Fingerprint(string? value) =>
        value is null ? "none" : $"sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..12]} len {value.Length}";

    private static string Token(TargetContext target) => target.Secrets.GetValueOrDefault("token") ?? "(none)";

    private static bool Flag(TargetContext target, string name) =>
        target.Settings.ValueKind == JsonValueKind.Object && target.Settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}

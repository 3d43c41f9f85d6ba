using System.Text.Json.Serialization;

namespace Samples.HttpWebhook;

/// <summary>The JSON body POSTed for every deployment action.</summary>
internal sealed record DeploymentRequest
{
    [JsonPropertyName("action")] public required string Action { get; init; }
    [JsonPropertyName("target")] public required string Target { get; init; }
    [JsonPropertyName("releaseId")] public required string ReleaseId { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("cohort")] public string? Cohort { get; init; }
    [JsonPropertyName("weight")] public int? Weight { get; init; }
    [JsonPropertyName("fromVersion")] public string? FromVersion { get; init; }
    [JsonPropertyName("toVersion")] public string? ToVersion { get; init; }
}

/// <summary>The JSON the endpoint answers a GET with.</summary>
internal sealed record StatusResponse
{
    [JsonPropertyName("stableVersion")] public string? StableVersion { get; init; }
    [JsonPropertyName("canaryVersion")] public string? CanaryVersion { get; init; }
    [JsonPropertyName("canaryWeight")] public int CanaryWeight { get; init; }
    [JsonPropertyName("ready")] public bool Ready { get; init; } = true;
    [JsonPropertyName("health")] public string? Health { get; init; }
    [JsonPropertyName("detail")] public string? Detail { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeploymentRequest))]
[JsonSerializable(typeof(StatusResponse))]
internal sealed partial class WebhookJson : JsonSerializerContext;

namespace PortalRelease.Portal.Incidents;

/// <summary>Alertmanager's webhook body, version 4 (the <c>webhook_config</c> receiver), as validated.</summary>
public sealed record AlertmanagerPayload(
    string Version,
    string GroupKey,
    string Status,
    string Receiver,
    IReadOnlyDictionary<string, string> GroupLabels,
    IReadOnlyDictionary<string, string> CommonLabels,
    IReadOnlyDictionary<string, string> CommonAnnotations,
    string ExternalUrl,
    IReadOnlyList<AlertmanagerAlert> Alerts);

public sealed record AlertmanagerAlert(
    string Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string? GeneratorUrl,
    string Fingerprint)
{
    /// <summary>The label that ties an alert to the releases of one service.</summary>
    public const string ServiceLabel = "service";

    public bool IsFiring => Status == "firing";

    public string? Service => Labels.TryGetValue(ServiceLabel, out var service) && service.Length > 0 ? service : null;

    public string? AlertName => Labels.GetValueOrDefault("alertname");
}

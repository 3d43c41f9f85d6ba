using System.Text.Json.Nodes;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>Alertmanager webhook payloads (version 4) and the checkout templates the incident tests release.</summary>
internal static class AlertmanagerPayloads
{
    /// <summary>A checkout release that a firing alert pauses (the default <c>onIncident</c>).</summary>
    public const string CheckoutPause = """
        name: checkout-pause
        service: checkout
        stages:
          - name: only
            targets: [sandbox-eu]
            steps:
              - setWeight: 25
              - pause: { duration: 60s }
        """;

    /// <summary>A checkout release whose policy rolls it back on a firing alert.</summary>
    public const string CheckoutRollback = """
        name: checkout-rollback
        service: checkout
        stages:
          - name: only
            targets: [sandbox-us]
            steps:
              - setWeight: 25
              - pause: { duration: 60s }
        rollback:
          onIncident: rollback
        """;

    public static JsonObject Alert(string status, string fingerprint, string? service, string name = "HighErrorRate") => new()
    {
        ["status"] = status,
        ["labels"] = service is null ? new JsonObject { ["alertname"] = name } : new JsonObject { ["alertname"] = name, ["service"] = service },
        ["annotations"] = new JsonObject { ["summary"] = $"{name} on {service ?? "nothing"}" },
        ["startsAt"] = "2026-11-26T10:00:00.123Z",
        ["endsAt"] = status == "firing" ? "0001-01-01T00:00:00Z" : "2026-11-26T10:05:00Z",
        ["generatorURL"] = "http://prometheus.example:9090/graph?g0.expr=up",
        ["fingerprint"] = fingerprint,
    };

    public static JsonObject Payload(string status, params JsonObject[] alerts) => new()
    {
        ["version"] = "4",
        ["groupKey"] = "{}:{alertname=\"HighErrorRate\"}",
        ["truncatedAlerts"] = 0,
        ["status"] = status,
        ["receiver"] = "portal",
        ["groupLabels"] = new JsonObject { ["alertname"] = "HighErrorRate" },
        ["commonLabels"] = new JsonObject { ["alertname"] = "HighErrorRate" },
        ["commonAnnotations"] = new JsonObject(),
        ["externalURL"] = "http://alertmanager.example:9093",
        ["alerts"] = new JsonArray(alerts),
    };
}

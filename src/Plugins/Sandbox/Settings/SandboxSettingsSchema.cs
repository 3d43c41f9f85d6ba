namespace PortalRelease.Plugins.Sandbox.Settings;

/// <summary>The JSON Schema (draft 2020-12) of a sandbox target's settings; the portal builds the target form from it.</summary>
internal static class SandboxSettingsSchema
{
    public const string Json = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://portalrelease.dev/schemas/plugins/sandbox/settings.json",
          "title": "Sandbox target",
          "description": "A simulated fleet. Every property is optional; defaults apply when absent.",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "requestsPerSecond": {
              "title": "Requests per second",
              "description": "Traffic the whole fleet serves; the canary receives its weight's share.",
              "type": "number",
              "exclusiveMinimum": 0,
              "maximum": 1000000,
              "default": 200
            },
            "baseErrorRate": {
              "title": "Base error rate",
              "description": "The healthy share of failed requests, 0 to 1.",
              "type": "number",
              "minimum": 0,
              "maximum": 1,
              "default": 0.005
            },
            "baseLatencyMs": {
              "title": "Base latency p95 (ms)",
              "description": "The healthy 95th percentile latency in milliseconds.",
              "type": "number",
              "exclusiveMinimum": 0,
              "maximum": 600000,
              "default": 120
            },
            "applyDelayMs": {
              "title": "Apply delay (ms)",
              "description": "Milliseconds each apply call waits before it takes effect, to simulate a slow rollout.",
              "type": "number",
              "minimum": 0,
              "maximum": 600000,
              "default": 0
            },
            "prometheus": {
              "title": "Prometheus metrics",
              "description": "Settings of the Prometheus metric source, for analysis steps with provider: prometheus; validated by that source.",
              "type": "object",
              "properties": {
                "url": {
                  "title": "Prometheus URL",
                  "description": "The Prometheus server's root, e.g. http://prometheus:9090; allowed by Portal:TargetPolicy:Kinds:prometheus.",
                  "type": "string",
                  "x-portal-destination": "prometheus"
                },
                "bearerToken": {
                  "title": "Prometheus bearer token",
                  "description": "Sent to Prometheus as Authorization: Bearer; stored encrypted, never shown.",
                  "type": "string",
                  "minLength": 1,
                  "writeOnly": true
                }
              }
            },
            "fault": {
              "title": "Injected fault",
              "description": "Makes versions matching a pattern misbehave, to demonstrate analysis and rollback.",
              "type": "object",
              "additionalProperties": false,
              "required": ["versionPattern"],
              "properties": {
                "versionPattern": {
                  "title": "Version pattern",
                  "description": "A glob over versions where * matches anything, e.g. *-bad.",
                  "type": "string",
                  "minLength": 1,
                  "pattern": "\\S"
                },
                "afterSeconds": {
                  "title": "Delay (s)",
                  "description": "Seconds after the faulty version first receives traffic before the fault starts.",
                  "type": "number",
                  "minimum": 0,
                  "maximum": 86400,
                  "default": 0
                },
                "errorRate": {
                  "title": "Added error rate",
                  "description": "Error rate added to the base rate while faulted, 0 to 1.",
                  "type": "number",
                  "minimum": 0,
                  "maximum": 1,
                  "default": 0.25
                },
                "latencyMs": {
                  "title": "Added latency (ms)",
                  "description": "Milliseconds added to the p95 latency while faulted.",
                  "type": "number",
                  "minimum": 0,
                  "maximum": 600000,
                  "default": 250
                }
              }
            }
          }
        }
        """;
}

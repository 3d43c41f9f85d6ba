namespace PortalRelease.Plugins.Prometheus.Settings;

/// <summary>
/// The JSON Schema (draft 2020-12) of the <c>prometheus</c> object in a target's settings. Validation itself is
/// <see cref="PrometheusSettingsReader"/>, which also checks what a schema cannot (URLs, placeholders).
/// </summary>
internal static class PrometheusSettingsSchema
{
    public const string Json = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://portalrelease.dev/schemas/plugins/prometheus/settings.json",
          "title": "Prometheus metric source",
          "description": "The 'prometheus' object of a target's settings, read when an analysis step says provider: prometheus.",
          "type": "object",
          "additionalProperties": false,
          "required": ["url"],
          "properties": {
            "url": {
              "title": "Server URL",
              "description": "The Prometheus server's root, e.g. http://prometheus:9090 (http or https).",
              "type": "string",
              "format": "uri",
              "x-portal-destination": "prometheus"
            },
            "queries": {
              "title": "Queries",
              "description": "PromQL by metric name. A string, or an object with 'query' and an optional 'samples' query counting the events the value rests on. Placeholders: {{release}}, {{version}}, {{cohort}}, {{target}}, {{window}}.",
              "type": "object",
              "additionalProperties": {
                "oneOf": [
                  { "type": "string", "minLength": 1 },
                  {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["query"],
                    "properties": {
                      "query": { "type": "string", "minLength": 1 },
                      "samples": { "type": "string", "minLength": 1 }
                    }
                  }
                ]
              }
            },
            "timeoutSeconds": {
              "title": "Timeout (s)",
              "description": "How long one query may take, connection included.",
              "type": "number",
              "exclusiveMinimum": 0,
              "maximum": 300,
              "default": 10
            },
            "scrapeIntervalSeconds": {
              "title": "Scrape interval (s)",
              "description": "How often Prometheus scrapes these series; each chart point covers at least four scrapes.",
              "type": "number",
              "exclusiveMinimum": 0,
              "default": 15
            },
            "bearerToken": {
              "title": "Bearer token",
              "description": "Sent as Authorization: Bearer. A secret: stored encrypted where the target kind's schema marks it writeOnly.",
              "type": "string",
              "minLength": 1,
              "writeOnly": true
            },
            "stepSeconds": {
              "title": "Chart step (s)",
              "description": "Resolution of the range query behind the points; by default about 60 points per window, at least 1 s apart.",
              "type": "number",
              "exclusiveMinimum": 0
            }
          }
        }
        """;
}

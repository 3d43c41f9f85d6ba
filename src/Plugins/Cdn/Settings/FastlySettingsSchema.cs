namespace PortalRelease.Plugins.Cdn.Settings;

/// <summary>
/// The JSON Schema (draft 2020-12) of a Fastly target's settings; the portal builds the target form from it and stores
/// <c>apiToken</c> encrypted because it is <c>writeOnly</c>. <see cref="FastlySettingsReader"/> checks the rest.
/// </summary>
internal static class FastlySettingsSchema
{
    public const string Json = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://portalrelease.dev/schemas/plugins/cdn/fastly-settings.json",
          "title": "Fastly service",
          "description": "A Fastly Delivery (VCL) service whose origin the portal moves between versions.",
          "type": "object",
          "additionalProperties": false,
          "required": ["serviceId", "apiToken", "originHostTemplate"],
          "properties": {
            "serviceId": {
              "title": "Service ID",
              "description": "The alphanumeric ID of the Fastly service, as shown in the Fastly control panel.",
              "type": "string",
              "minLength": 1,
              "pattern": "^[A-Za-z0-9]+$"
            },
            "apiToken": {
              "title": "API token",
              "description": "A Fastly API token with the global scope (purge_all or purge_select too when purging), limited to this service. Sent as Fastly-Key; stored encrypted, never shown.",
              "type": "string",
              "minLength": 1,
              "writeOnly": true
            },
            "originHostTemplate": {
              "title": "Origin host template",
              "description": "The origin host serving a version; {version} is replaced by the release's version, e.g. app-{version}.origin.example.com.",
              "type": "string",
              "minLength": 1,
              "pattern": "\\{version\\}"
            },
            "originPort": {
              "title": "Origin port",
              "type": "integer",
              "minimum": 1,
              "maximum": 65535,
              "default": 443
            },
            "originTls": {
              "title": "TLS to origin",
              "description": "Connect to the origin over TLS, checking its certificate against the origin host.",
              "type": "boolean",
              "default": true
            },
            "stageFirst": {
              "title": "Activate on staging first",
              "description": "Activate every new version on Fastly's staging environment before production, so a version that fails to deploy never reaches production.",
              "type": "boolean",
              "default": false
            },
            "purge": {
              "title": "Cache purge",
              "description": "What to purge after an activation that changes the stable origin (promotion, all-at-once, rollback).",
              "type": "string",
              "enum": ["none", "all", "surrogate-key"],
              "default": "none"
            },
            "surrogateKey": {
              "title": "Surrogate key",
              "description": "The surrogate key to purge when purge is surrogate-key.",
              "type": "string",
              "minLength": 1
            },
            "apiUrl": {
              "title": "API URL",
              "description": "The Fastly API's base address. https only, except on loopback (for tests).",
              "type": "string",
              "format": "uri",
              "default": "https://api.fastly.com/",
              "x-portal-destination": true
            },
            "timeoutSeconds": {
              "title": "Request timeout (s)",
              "description": "How long one API request may take.",
              "type": "number",
              "exclusiveMinimum": 0,
              "maximum": 300,
              "default": 30
            },
            "maxRetries": {
              "title": "Retries",
              "description": "How often a throttled (429) or failed (5xx, network) request is retried, with growing delays.",
              "type": "integer",
              "minimum": 0,
              "maximum": 10,
              "default": 3
            }
          }
        }
        """;
}

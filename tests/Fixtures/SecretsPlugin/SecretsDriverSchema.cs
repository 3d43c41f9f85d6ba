namespace PortalRelease.Fixtures.SecretsPlugin;

/// <summary>Every field type the form generator handles, a required secret and a nested optional secret.</summary>
internal static class SecretsDriverSchema
{
    public const string Json = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "required": ["endpoint", "token"],
          "properties": {
            "endpoint": { "title": "Endpoint", "description": "The API's base address.", "type": "string", "minLength": 1, "pattern": "^https?://" },
            "port": { "title": "Port", "type": "integer", "minimum": 1, "maximum": 65535, "default": 443 },
            "mode": { "title": "Mode", "type": "string", "enum": ["fast", "careful"], "default": "fast" },
            "verbose": { "title": "Verbose", "description": "Log every request.", "type": "boolean", "default": false },
            "token": { "title": "API token", "description": "Sent as a bearer token.", "type": "string", "writeOnly": true, "minLength": 8 },
            "failStatus": { "title": "Fail status reads", "description": "Status reads throw, naming the token (a careless driver).", "type": "boolean" },
            "failApply": { "title": "Fail applies", "description": "Applies throw, naming the token (a careless driver).", "type": "boolean" },
            "auth": {
              "title": "Basic authentication",
              "type": "object",
              "additionalProperties": false,
              "required": ["user"],
              "properties": {
                "user": { "title": "User", "type": "string", "minLength": 1 },
                "password": { "title": "Password", "type": "string", "writeOnly": true }
              }
            }
          }
        }
        """;
}

namespace PortalRelease.Plugins.DbMigrations.Settings;

/// <summary>The JSON Schema (draft 2020-12) of a db-migrations target's settings; the portal builds the target form from it.</summary>
internal static class DbSettingsSchema
{
    public const string Json = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://portalrelease.dev/schemas/plugins/db-migrations/settings.json",
          "title": "Database migrations target",
          "description": "A database and a directory of versioned expand/contract SQL migrations. See docs/drivers/db-migrations.md.",
          "type": "object",
          "additionalProperties": false,
          "required": ["provider", "connectionString", "migrationsPath"],
          "properties": {
            "provider": {
              "title": "Database",
              "description": "sqlite (Microsoft.Data.Sqlite) or postgresql (Npgsql).",
              "type": "string",
              "enum": ["sqlite", "postgresql"]
            },
            "connectionString": {
              "title": "Connection string",
              "description": "ADO.NET connection string: Data Source=app.db (a file inside the folder the operator allows for db-migrations) or Host=db;Port=5432;Database=app;Username=migrator;Password=… (a host the operator allows); stored encrypted, never shown.",
              "type": "string",
              "minLength": 1,
              "writeOnly": true,
              "x-portal-destination": true
            },
            "migrationsPath": {
              "title": "Migrations directory",
              "description": "A folder inside the one the operator allows for db-migrations (relative paths start there), with one sub-folder per version holding NNNN_name.expand.sql, NNNN_name.contract.sql and NNNN_name.down.sql files.",
              "type": "string",
              "minLength": 1
            },
            "lockTimeout": {
              "title": "Lock timeout",
              "description": "How long a migration may wait for a lock before the apply fails and changes nothing: a number with ms, s or m, e.g. 5s.",
              "type": "string",
              "pattern": "^[0-9]+(ms|s|m)$",
              "default": "5s"
            }
          }
        }
        """;
}

using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets;

/// <summary>A driver's settings schema, compiled once: the validator, the form model and the secret keys.</summary>
public sealed class DriverSchema
{
    // Lazy: GetOrAdd may run its factory twice for one text at once, and JsonSchema.Net's global registry refuses a
    // second schema with the same $id (two portals in one process creating a target of one kind at the same moment).
    private static readonly ConcurrentDictionary<string, Lazy<DriverSchema>> Cache = new(StringComparer.Ordinal);

    private DriverSchema(JsonSchema? schema, SchemaNode root, string? error)
    {
        Schema = schema;
        Root = root;
        Error = error;
        Secrets = root.Descendants().Where(n => n.WriteOnly).ToList();
        Destinations = root.Descendants().Where(n => n.Destination).ToList();
    }

    /// <summary>Null when the driver's schema could not be read; <see cref="Error"/> says why.</summary>
    public JsonSchema? Schema { get; }

    public SchemaNode Root { get; }

    public string? Error { get; }

    /// <summary>The write-only properties, keyed in <see cref="TargetContext.Secrets"/> by <see cref="SchemaNode.SecretKey"/>.</summary>
    public IReadOnlyList<SchemaNode> Secrets { get; }

    /// <summary>The settings marked <c>"x-portal-destination"</c>: they decide where the target's secrets are sent.</summary>
    public IReadOnlyList<SchemaNode> Destinations { get; }

    public SchemaNode? FindSecret(string key) => Secrets.FirstOrDefault(s => string.Equals(s.SecretKey, key, StringComparison.Ordinal));

    /// <summary>The schema of a driver; plugins reload, so the cache is keyed by the schema text itself.</summary>
    public static DriverSchema For(ITargetDriver driver)
    {
        string text;
        try
        {
            text = driver.SettingsSchema;
        }
        catch (Exception error)
        {
            return Broken($"the driver threw {error.GetType().Name} when asked for its settings schema");
        }
        return Cache.GetOrAdd(text, t => new Lazy<DriverSchema>(() => Compile(t))).Value;
    }

    private static DriverSchema Compile(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var schema = JsonSchema.FromText(EcmaPatterns.Rewrite(text));
            return new DriverSchema(schema, SchemaNodeReader.Read(document.RootElement), null);
        }
        catch (Exception error) when (error is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return Broken($"the driver's settings schema is not a valid JSON Schema: {error.Message}");
        }
    }

    private static DriverSchema Broken(string error) =>
        new(null, new SchemaNode { Name = "", Pointer = "", Type = "object" }, error);
}

using System.Globalization;
using System.Text.Json;

namespace PortalRelease.Portal.Targets;

/// <summary>Reads the parts of a JSON Schema the form generator and the secret handling need; validation itself is JsonSchema.Net's.</summary>
public static class SchemaNodeReader
{
    /// <summary>The schema annotation that marks a setting deciding where secrets are sent; see <see cref="SchemaNode.Destination"/>.</summary>
    public const string DestinationKeyword = "x-portal-destination";

    private static readonly string[] FormTypes = ["string", "number", "integer", "boolean", "object"];

    public static SchemaNode Read(JsonElement schema) => Read(schema, "", "", required: true);

    private static SchemaNode Read(JsonElement schema, string name, string pointer, bool required)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return new SchemaNode { Name = name, Pointer = pointer, Type = "json", Required = required };
        }
        var type = TypeOf(schema);
        // An object whose properties the schema does not list (free-form, or validated by someone else) is edited as JSON:
        // a form section without fields would silently drop its content.
        if (type == "object" && pointer.Length > 0 && !(schema.TryGetProperty("properties", out var listed) && listed.ValueKind == JsonValueKind.Object && listed.EnumerateObject().Any()))
        {
            type = "json";
        }
        var requiredNames = schema.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array
            ? req.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        var properties = new List<SchemaNode>();
        if (type == "object" && schema.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in props.EnumerateObject())
            {
                properties.Add(Read(property.Value, property.Name, pointer + "/" + Escape(property.Name), requiredNames.Contains(property.Name)));
            }
        }
        return new SchemaNode
        {
            Name = name,
            Pointer = pointer,
            Type = type,
            Title = Text(schema, "title"),
            Description = Text(schema, "description"),
            Default = schema.TryGetProperty("default", out var d) ? d.Clone() : null,
            Enum = schema.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(v => v.Clone()).ToList() : [],
            Minimum = Number(schema, "minimum"),
            Maximum = Number(schema, "maximum"),
            ExclusiveMinimum = Number(schema, "exclusiveMinimum"),
            ExclusiveMaximum = Number(schema, "exclusiveMaximum"),
            MinLength = (int?)Number(schema, "minLength"),
            MaxLength = (int?)Number(schema, "maxLength"),
            Pattern = Text(schema, "pattern"),
            ContentMediaType = Text(schema, "contentMediaType"),
            Required = required,
            WriteOnly = schema.TryGetProperty("writeOnly", out var w) && w.ValueKind == JsonValueKind.True,
            Destination = schema.TryGetProperty(DestinationKeyword, out var to) && (to.ValueKind == JsonValueKind.True || to is { ValueKind: JsonValueKind.String } && to.GetString()!.Length > 0),
            DestinationKind = schema.TryGetProperty(DestinationKeyword, out var toKind) && toKind.ValueKind == JsonValueKind.String && toKind.GetString()!.Length > 0 ? toKind.GetString() : null,
            Properties = properties,
            OpenObject = !(schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False),
        };
    }

    private static string TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : schema.TryGetProperty("enum", out _) ? "string" : "json";
        }
        // ["string", "null"] and the like: the form edits the first non-null type.
        var name = type.ValueKind switch
        {
            JsonValueKind.String => type.GetString(),
            JsonValueKind.Array => type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t is not null and not "null"),
            _ => null,
        };
        return name is not null && FormTypes.Contains(name) ? name : "json";
    }

    private static string? Text(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>A number as the form shows it, without exponent noise.</summary>
    public static string Format(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}

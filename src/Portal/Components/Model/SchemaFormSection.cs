using System.Text.Json;
using System.Text.Json.Nodes;
using PortalRelease.Contracts;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Components.Model;

/// <summary>An object in a driver's schema: its own fields and nested sections, shown as one titled group.</summary>
public sealed class SchemaFormSection
{
    public SchemaFormSection(SchemaNode node, JsonElement? value, IReadOnlyDictionary<string, SecretStateView> secrets, int depth)
    {
        Node = node;
        Depth = depth;
        foreach (var property in node.Properties)
        {
            JsonElement? child = value is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(property.Name, out var v) ? v : null;
            if (property.Type == "object" && !property.WriteOnly)
            {
                Sections.Add(new SchemaFormSection(property, child, secrets, depth + 1));
            }
            else
            {
                Fields.Add(new SchemaFormField(property, child, property.WriteOnly && secrets.TryGetValue(property.SecretKey, out var s) && s.Set));
            }
        }
        if (node.OpenObject)
        {
            Extras = CreateExtras(node, value);
        }
    }

    /// <summary>For an open object: its unlisted properties as one JSON field; null when the schema closes the object.</summary>
    public SchemaFormField? Extras { get; }

    public SchemaNode Node { get; }

    public int Depth { get; }

    public List<SchemaFormField> Fields { get; } = [];

    public List<SchemaFormSection> Sections { get; } = [];

    public IEnumerable<SchemaFormField> AllFields =>
        Fields.Concat(Extras is null ? [] : [Extras]).Concat(Sections.SelectMany(s => s.AllFields));

    /// <summary>An optional object is sent only when something in it is filled in; then its required fields are required.</summary>
    public bool IsActive => Depth == 0 || Node.Required || AllFields.Any(f => f.HasValue || f.SetsSecret);

    public bool Validate()
    {
        var active = IsActive;
        var ok = true;
        foreach (var field in Extras is null ? Fields : Fields.Append(Extras))
        {
            field.Error = field.Check(active);
            ok &= field.Error is null;
        }
        foreach (var section in Sections)
        {
            ok &= section.Validate();
        }
        return ok;
    }

    public JsonObject? ToJson()
    {
        if (!IsActive)
        {
            return null;
        }
        var obj = new JsonObject();
        foreach (var field in Fields.Where(f => f.HasValue))
        {
            obj[field.Node.Name] = field.ToJson();
        }
        foreach (var section in Sections)
        {
            if (section.ToJson() is { } nested)
            {
                obj[section.Node.Name] = nested;
            }
        }
        if (Extras is { HasValue: true } && JsonNode.Parse(Extras.Text!) is JsonObject extras)
        {
            foreach (var (key, value) in extras.ToList())
            {
                if (!obj.ContainsKey(key))
                {
                    extras.Remove(key);
                    obj[key] = value;
                }
            }
        }
        return obj;
    }

    private static SchemaFormField CreateExtras(SchemaNode node, JsonElement? value)
    {
        var listed = node.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unlisted = new JsonObject();
        if (value is { ValueKind: JsonValueKind.Object } obj)
        {
            foreach (var property in obj.EnumerateObject().Where(p => !listed.Contains(p.Name)))
            {
                unlisted[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }
        var extras = new SchemaNode
        {
            Name = "",
            Pointer = node.Pointer + "/*",
            Type = "json",
            Title = "Other settings",
            Description = "Settings this form does not list, as one JSON object; kept as entered.",
        };
        JsonElement? text = null;
        if (unlisted.Count > 0)
        {
            using var document = JsonDocument.Parse(unlisted.ToJsonString(Indented));
            text = document.RootElement.Clone();
        }
        return new SchemaFormField(extras, text, false, isExtras: true) { Text = unlisted.Count > 0 ? unlisted.ToJsonString(Indented) : null };
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}

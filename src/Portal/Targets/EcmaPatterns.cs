using System.Text;
using System.Text.Json.Nodes;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// JSON Schema's <c>pattern</c> is ECMA-262, where <c>$</c> (without the multiline flag) matches only at the end of the
/// text. JsonSchema.Net compiles patterns to .NET regular expressions, where <c>$</c> also matches before a final
/// newline, so <c>"sandbox-eu\n"</c> passed <c>^[a-z-]+$</c>. Rewriting each bare <c>$</c> to <c>\z</c> before the
/// schema is compiled gives the ECMA meaning; the schema as the driver wrote it is still what the form shows.
/// </summary>
internal static class EcmaPatterns
{
    /// <summary>The schema text with every <c>pattern</c> (and <c>patternProperties</c> key) anchored the ECMA way.</summary>
    public static string Rewrite(string schemaText)
    {
        if (!schemaText.Contains('$', StringComparison.Ordinal) || JsonNode.Parse(schemaText) is not { } root)
        {
            return schemaText;
        }
        Walk(root);
        return root.ToJsonString();
    }

    /// <summary>A .NET pattern whose bare <c>$</c> (outside a character class, unescaped) is <c>\z</c>.</summary>
    public static string Anchor(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 4);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
                continue;
            }
            if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
            }
            else if (c == '$')
            {
                result.Append("\\z");
                continue;
            }
            result.Append(c);
        }
        return result.ToString();
    }

    private static void Walk(JsonNode node)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, value) in map.ToList())
                {
                    if (key == "pattern" && value is JsonValue text && text.TryGetValue<string>(out var pattern))
                    {
                        map[key] = Anchor(pattern);
                    }
                    else if (key == "patternProperties" && value is JsonObject properties)
                    {
                        foreach (var (name, schema) in properties.ToList())
                        {
                            properties.Remove(name);
                            properties[Anchor(name)] = schema;
                            if (schema is not null)
                            {
                                Walk(schema);
                            }
                        }
                    }
                    else if (value is not null)
                    {
                        Walk(value);
                    }
                }
                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    if (item is not null)
                    {
                        Walk(item);
                    }
                }
                break;
        }
    }
}

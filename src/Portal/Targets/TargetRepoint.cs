using System.Text.Json;
using System.Text.Json.Nodes;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// A secret goes only where whoever set it meant it to go. An update that changes a setting the driver's schema marks
/// <c>"x-portal-destination"</c> (a URL, host, port, server, endpoint) must send every secret of the target again:
/// otherwise anyone allowed to edit a target could point it at a server of their own and have the portal deliver the
/// stored credentials there on the next "Test".
/// </summary>
internal static class TargetRepoint
{
    /// <summary>One error per stored secret the update must send again; empty when no destination changed.</summary>
    /// <param name="schema">The kind's schema.</param>
    /// <param name="savedSettings">The settings as stored (JSON, without secrets).</param>
    /// <param name="settings">The settings of the update; absent means none.</param>
    /// <param name="stored">The target's current secrets.</param>
    /// <param name="sent">The secrets the update sends.</param>
    public static IReadOnlyList<TargetError> Check(
        DriverSchema schema, string savedSettings, JsonElement? settings, IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, JsonElement>? sent)
    {
        sent ??= new Dictionary<string, JsonElement>();
        var changed = ChangedDestinations(schema, savedSettings, settings, stored, sent).Select(label => $"'{label}'").ToList();
        if (changed.Count == 0)
        {
            return [];
        }
        var what = string.Join(", ", changed);
        var decides = changed.Count == 1 ? "decides" : "decide";
        return stored.Keys
            .Where(key => schema.FindSecret(key) is not null && !(sent.TryGetValue(key, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Null))
            .Order(StringComparer.Ordinal)
            .Select(key => new TargetError("/secrets/" + key,
                $"This update changes {what}, which {decides} where the target's secrets are sent: send the secret '{key}' again with the change."))
            .ToList();
    }

    /// <summary>The labels of the destination settings an update changes (the audit log calls such an update a repoint).</summary>
    public static IReadOnlyList<string> ChangedDestinations(
        DriverSchema schema, string savedSettings, JsonElement? settings, IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, JsonElement>? sent)
    {
        sent ??= new Dictionary<string, JsonElement>();
        var before = JsonNode.Parse(savedSettings) as JsonObject ?? [];
        var after = settings is { ValueKind: JsonValueKind.Object } given ? JsonNode.Parse(given.GetRawText()) as JsonObject ?? [] : [];
        return schema.Destinations
            .Where(d => d.WriteOnly ? SecretChanged(d.SecretKey, stored, sent) : !JsonNode.DeepEquals(At(before, d.SecretKey), At(after, d.SecretKey)))
            .Select(d => d.Label)
            .ToList();
    }

    private static bool SecretChanged(string key, IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, JsonElement> sent)
    {
        if (!sent.TryGetValue(key, out var value))
        {
            return false;
        }
        stored.TryGetValue(key, out var before);
        return value.ValueKind switch
        {
            JsonValueKind.Null => before is not null,
            JsonValueKind.String => !string.Equals(value.GetString(), before, StringComparison.Ordinal),
            _ => false,
        };
    }

    private static JsonNode? At(JsonObject settings, string key)
    {
        JsonNode? node = settings;
        foreach (var segment in SecretPaths.Segments(key))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out node))
            {
                return null;
            }
        }
        return node;
    }
}

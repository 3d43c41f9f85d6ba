using System.Text.Json;
using System.Text.Json.Nodes;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// What the audit log keeps of a target change: its environment and team, the settings (which hold no secret: secrets
/// live apart, encrypted) and, of the secrets, only their names and whether the change set or cleared them, never a value.
/// </summary>
internal static class TargetAudit
{
    public const string Kind = "target";

    public static AuditEntry Created(AuditActor actor, TargetRecord record, IEnumerable<string> secretNames) =>
        new(actor, "target.create", Kind, record.Name, Details: new JsonObject
        {
            ["kind"] = record.Kind,
            ["environment"] = record.Environment,
            ["team"] = record.Team,
            ["settings"] = JsonNode.Parse(record.Settings),
            ["secrets"] = new JsonArray(secretNames.Order(StringComparer.Ordinal).Select(n => (JsonNode?)n).ToArray()),
        });

    /// <param name="actor">Who changed it.</param>
    /// <param name="before">The target as it was.</param>
    /// <param name="after">The target as saved.</param>
    /// <param name="sent">The secrets the update sent (values are only looked at for set or cleared).</param>
    /// <param name="destinations">The destination settings the update changed: non-empty makes it a repoint.</param>
    public static AuditEntry Updated(AuditActor actor, TargetRecord before, TargetRecord after, IReadOnlyDictionary<string, JsonElement>? sent, IReadOnlyList<string> destinations)
    {
        var old = JsonNode.Parse(before.Settings) as JsonObject ?? [];
        var now = JsonNode.Parse(after.Settings) as JsonObject ?? [];
        var changed = new JsonObject();
        foreach (var key in old.Select(p => p.Key).Union(now.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var (from, to) = (old[key], now[key]);
            if (!JsonNode.DeepEquals(from, to))
            {
                changed[key] = new JsonObject { ["from"] = from?.DeepClone(), ["to"] = to?.DeepClone() };
            }
        }
        var secrets = new JsonObject();
        foreach (var (name, value) in (sent ?? new Dictionary<string, JsonElement>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            secrets[name] = value.ValueKind == JsonValueKind.Null ? "cleared" : "set";
        }
        var details = new JsonObject { ["settings"] = changed, ["secrets"] = secrets };
        // Labels decide who may deploy to and manage the target: every change of one is on the record.
        if (before.Environment != after.Environment)
        {
            details["environment"] = new JsonObject { ["from"] = before.Environment, ["to"] = after.Environment };
        }
        if (before.Team != after.Team)
        {
            details["team"] = new JsonObject { ["from"] = before.Team, ["to"] = after.Team };
        }
        if (destinations.Count > 0)
        {
            details["destinations"] = new JsonArray(destinations.Select(d => (JsonNode?)d).ToArray());
        }
        return new AuditEntry(actor, destinations.Count > 0 ? "target.repoint" : "target.update", Kind, after.Name, Details: details);
    }

    public static AuditEntry Deleted(AuditActor actor, string name) => new(actor, "target.delete", Kind, name);
}

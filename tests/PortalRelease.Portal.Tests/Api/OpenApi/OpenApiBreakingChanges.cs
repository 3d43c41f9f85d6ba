using System.Text.Json.Nodes;

namespace PortalRelease.Portal.Tests.Api.OpenApi;

/// <summary>
/// What a client written against <c>shipped</c> would find broken in <c>current</c>: a removed path or operation, a
/// removed field, a field or parameter newly required of the caller, a changed type. A change is judged by the
/// direction data flows: a request must still accept everything it accepted (so it may not drop a type, a field or an
/// enum value, nor require more), and a response may not return anything the old client did not expect (a new type
/// such as null, a missing field, a field no longer always present). Adding paths, optional fields and responses is
/// not breaking. <c>oneOf</c>/<c>anyOf</c> are not compared (the portal's API has none).
/// </summary>
internal static class OpenApiBreakingChanges
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    private enum Flow
    {
        Request,
        Response,
    }

    public static IReadOnlyList<string> Find(JsonNode shipped, JsonNode current)
    {
        var found = new List<string>();
        var walker = new Walker(shipped, current, found);
        var oldPaths = shipped["paths"]?.AsObject() ?? [];
        var newPaths = current["paths"]?.AsObject();
        foreach (var (path, oldItem) in oldPaths)
        {
            if (newPaths?[path] is not JsonObject newItem)
            {
                found.Add($"removed path {path}");
                continue;
            }
            foreach (var method in Methods)
            {
                if (oldItem?[method] is not JsonObject oldOperation)
                {
                    continue;
                }
                var name = $"{method.ToUpperInvariant()} {path}";
                if (newItem[method] is not JsonObject newOperation)
                {
                    found.Add($"removed operation {name}");
                    continue;
                }
                walker.Operation(name, oldOperation, newOperation);
            }
        }
        return found;
    }

    private sealed class Walker(JsonNode shipped, JsonNode current, List<string> found)
    {
        private readonly HashSet<(string, string, Flow)> _compared = [];

        public void Operation(string name, JsonObject oldOperation, JsonObject newOperation)
        {
            Parameters(name, oldOperation["parameters"]?.AsArray(), newOperation["parameters"]?.AsArray());
            var oldBody = oldOperation["requestBody"];
            var newBody = newOperation["requestBody"];
            if (IsTrue(newBody?["required"]) && !IsTrue(oldBody?["required"]))
            {
                found.Add($"{name}: the request body is newly required");
            }
            if (Json(oldBody) is { } oldSchema)
            {
                if (Json(newBody) is { } newSchema)
                {
                    Schema($"{name} request body", oldSchema, newSchema, Flow.Request);
                }
                else
                {
                    found.Add($"{name}: the request body no longer takes JSON");
                }
            }
            foreach (var (status, oldResponse) in oldOperation["responses"]?.AsObject() ?? [])
            {
                if (!status.StartsWith('2'))
                {
                    continue;
                }
                var newResponse = newOperation["responses"]?[status];
                if (newResponse is null)
                {
                    found.Add($"{name}: the {status} response was removed");
                    continue;
                }
                if (Json(oldResponse) is { } oldSchema2)
                {
                    if (Json(newResponse) is { } newSchema2)
                    {
                        Schema($"{name} {status} response", oldSchema2, newSchema2, Flow.Response);
                    }
                    else
                    {
                        found.Add($"{name}: the {status} response no longer is JSON");
                    }
                }
            }
        }

        private void Parameters(string name, JsonArray? oldParameters, JsonArray? newParameters)
        {
            var before = Index(oldParameters);
            var after = Index(newParameters);
            foreach (var (key, parameter) in before)
            {
                if (!after.TryGetValue(key, out var now))
                {
                    found.Add($"{name}: removed {key.In} parameter '{key.Name}'");
                    continue;
                }
                if (IsTrue(now["required"]) && !IsTrue(parameter["required"]))
                {
                    found.Add($"{name}: the {key.In} parameter '{key.Name}' is newly required");
                }
                if (parameter["schema"] is { } oldSchema && now["schema"] is { } newSchema)
                {
                    Schema($"{name} {key.In} parameter '{key.Name}'", oldSchema, newSchema, Flow.Request);
                }
            }
            foreach (var (key, parameter) in after)
            {
                if (!before.ContainsKey(key) && IsTrue(parameter["required"]))
                {
                    found.Add($"{name}: added the required {key.In} parameter '{key.Name}'");
                }
            }
        }

        private static Dictionary<(string In, string Name), JsonNode> Index(JsonArray? parameters)
        {
            var index = new Dictionary<(string, string), JsonNode>();
            foreach (var parameter in parameters ?? [])
            {
                if (parameter?["in"]?.GetValue<string>() is { } where && parameter["name"]?.GetValue<string>() is { } name)
                {
                    index[(where, name)] = parameter;
                }
            }
            return index;
        }

        private void Schema(string where, JsonNode oldSchema, JsonNode newSchema, Flow flow)
        {
            var (oldResolved, oldRef) = Resolve(shipped, oldSchema);
            var (newResolved, newRef) = Resolve(current, newSchema);
            if (oldRef is not null && newRef is not null)
            {
                // A named schema is compared once per direction and its findings named by it, however many
                // operations use it (and however it recurs into itself).
                if (!_compared.Add((oldRef, newRef, flow)))
                {
                    return;
                }
                where = $"{Short(newRef)} in {(flow == Flow.Request ? "requests" : "responses")}";
            }
            Types(where, oldResolved, newResolved, flow);
            var oldFormat = oldResolved["format"]?.ToString();
            var newFormat = newResolved["format"]?.ToString();
            if (oldFormat != newFormat && oldFormat is not null)
            {
                found.Add($"{where}: the format changed from {oldFormat} to {newFormat ?? "none"}");
            }
            Enums(where, oldResolved, newResolved, flow);
            var oldRequired = Names(oldResolved["required"]);
            var newRequired = Names(newResolved["required"]);
            var newProperties = newResolved["properties"]?.AsObject();
            foreach (var (property, oldProperty) in oldResolved["properties"]?.AsObject() ?? [])
            {
                if (newProperties?[property] is not { } newProperty)
                {
                    found.Add($"{where}: removed field '{property}'");
                    continue;
                }
                if (oldProperty is not null)
                {
                    Schema($"{where}.{property}", oldProperty, newProperty, flow);
                }
            }
            if (flow == Flow.Request)
            {
                foreach (var property in newRequired.Except(oldRequired))
                {
                    found.Add($"{where}: the field '{property}' is newly required");
                }
            }
            else
            {
                foreach (var property in oldRequired.Except(newRequired))
                {
                    found.Add($"{where}: the field '{property}' may now be absent");
                }
            }
            if (oldResolved["items"] is { } oldItems && newResolved["items"] is { } newItems)
            {
                Schema($"{where}[]", oldItems, newItems, flow);
            }
            if (oldResolved["additionalProperties"] is JsonObject oldValues && newResolved["additionalProperties"] is JsonObject newValues)
            {
                Schema($"{where}{{}}", oldValues, newValues, flow);
            }
        }

        private void Types(string where, JsonObject oldSchema, JsonObject newSchema, Flow flow)
        {
            var before = Names(oldSchema["type"]);
            var after = Names(newSchema["type"]);
            if (before.Count == 0 || after.Count == 0 || before.SetEquals(after))
            {
                // A schema without a type accepts anything; only a typed one on both sides can be compared.
                return;
            }
            var broken = flow == Flow.Request ? !before.IsSubsetOf(after) : !after.IsSubsetOf(before);
            if (broken)
            {
                found.Add($"{where}: the type changed from {string.Join('|', before.Order())} to {string.Join('|', after.Order())}");
            }
        }

        private void Enums(string where, JsonObject oldSchema, JsonObject newSchema, Flow flow)
        {
            if (flow != Flow.Request || oldSchema["enum"] is not JsonArray oldValues || newSchema["enum"] is not JsonArray newValues)
            {
                return;
            }
            var now = newValues.Select(v => v?.ToJsonString()).ToHashSet();
            foreach (var value in oldValues.Select(v => v?.ToJsonString()).Where(v => !now.Contains(v)))
            {
                found.Add($"{where}: the value {value} is no longer accepted");
            }
        }

        /// <summary>The schema a <c>$ref</c> names, with that name (null for an inline schema, which cannot recur).</summary>
        private static (JsonObject Schema, string? Ref) Resolve(JsonNode document, JsonNode schema)
        {
            string? name = null;
            for (var depth = 0; depth < 16 && schema["$ref"]?.GetValue<string>() is { } reference; depth++)
            {
                const string prefix = "#/components/schemas/";
                name = reference;
                var target = reference.StartsWith(prefix, StringComparison.Ordinal)
                    ? document["components"]?["schemas"]?[reference[prefix.Length..]]
                    : null;
                if (target is null)
                {
                    return (new JsonObject(), reference);
                }
                schema = target;
            }
            return (schema.AsObject(), name);
        }

        private static string Short(string reference) => reference[(reference.LastIndexOf('/') + 1)..];

        private static HashSet<string> Names(JsonNode? node) => node switch
        {
            JsonArray array => array.Select(n => n?.ToString() ?? "null").ToHashSet(StringComparer.Ordinal),
            JsonValue value => [value.ToString()],
            _ => [],
        };

        private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

        /// <summary>The JSON schema of a request body or response, when it has one.</summary>
        private static JsonNode? Json(JsonNode? bodyOrResponse) =>
            bodyOrResponse?["content"]?.AsObject().FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value?["schema"];
    }
}

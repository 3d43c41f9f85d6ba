using System.Text.Json.Nodes;

namespace PortalRelease.Portal.Tests.Api.OpenApi;

/// <summary>Where two JSON documents differ, as JSON pointers, for a failure message a reviewer can act on.</summary>
internal static class JsonDifferences
{
    public static IReadOnlyList<string> Find(JsonNode? expected, JsonNode? actual, int max = 20)
    {
        var found = new List<string>();
        Walk("", expected, actual, found, max);
        return found;
    }

    private static void Walk(string pointer, JsonNode? expected, JsonNode? actual, List<string> found, int max)
    {
        if (found.Count >= max || JsonNode.DeepEquals(expected, actual))
        {
            return;
        }
        switch (expected, actual)
        {
            case (JsonObject a, JsonObject b):
                foreach (var (key, value) in a)
                {
                    if (!b.ContainsKey(key))
                    {
                        found.Add($"{Pointer(pointer, key)}: removed");
                    }
                    else
                    {
                        Walk(Pointer(pointer, key), value, b[key], found, max);
                    }
                }
                foreach (var (key, _) in b.Where(p => !a.ContainsKey(p.Key)))
                {
                    found.Add($"{Pointer(pointer, key)}: added");
                }
                break;
            case (JsonArray a, JsonArray b) when a.Count == b.Count:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk($"{pointer}/{i}", a[i], b[i], found, max);
                }
                break;
            default:
                found.Add($"{(pointer.Length == 0 ? "/" : pointer)}: {Short(expected)} → {Short(actual)}");
                break;
        }
        if (found.Count > max)
        {
            found.RemoveRange(max, found.Count - max);
        }
    }

    private static string Pointer(string pointer, string key) => $"{pointer}/{key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 80 ? text[..77] + "..." : text;
    }
}

using System.Text.Json.Nodes;

namespace PortalRelease.Portal.Targets;

/// <summary>Places secrets into, and finds them in, a settings object by their key (a JSON pointer without the slash).</summary>
internal static class SecretPaths
{
    public static string[] Segments(string key) =>
        key.Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    public static bool Exists(JsonObject settings, string key)
    {
        JsonNode? node = settings;
        foreach (var segment in Segments(key))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out node))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Sets the value, creating the objects on its path; a non-object in the way is left alone (the schema reports it).</summary>
    public static void Set(JsonObject settings, string key, string value)
    {
        var segments = Segments(key);
        var obj = settings;
        foreach (var segment in segments[..^1])
        {
            if (!obj.TryGetPropertyValue(segment, out var next) || next is null)
            {
                next = new JsonObject();
                obj[segment] = next;
            }
            if (next is not JsonObject nested)
            {
                return;
            }
            obj = nested;
        }
        obj[segments[^1]] = value;
    }
}

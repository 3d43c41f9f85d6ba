using System.Text.Json.Nodes;

namespace PortalRelease.Plugins.Kubernetes.Tests.Fake;

/// <summary>JSON merge patch, RFC 7386: objects merge, null deletes, anything else replaces.</summary>
internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Apply(result[key]?.DeepClone(), value);
                result[key] = merged;
            }
        }

        return result;
    }
}

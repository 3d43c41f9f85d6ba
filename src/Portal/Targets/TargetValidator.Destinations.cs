using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets;

internal static partial class TargetValidator
{
    /// <summary>
    /// Checks every setting the schema marks <c>"x-portal-destination"</c> that holds a URL or a host name against the
    /// operator's policy, whatever the plugin does: a third-party driver that annotates its settings is covered even if it
    /// never asks the policy itself. Values that are neither (a region, a port, a template) are the driver's to check.
    /// </summary>
    private static void AddDestinationErrors(DriverSchema schema, string kind, JsonElement settings, IHostPolicy policy, List<TargetError> errors)
    {
        foreach (var node in schema.Destinations)
        {
            if (At(settings, node.SecretKey) is not { ValueKind: JsonValueKind.String } value || Endpoint(value.GetString()!) is not { } endpoint)
            {
                continue;
            }
            if (policy.CheckEndpoint(node.DestinationKind ?? kind, endpoint) is { } reason)
            {
                errors.Add(new TargetError(PathFor(schema, node.Pointer), reason));
            }
        }
    }

    /// <summary>An absolute URL as given; a bare host (a name with a dot, an IP literal or <c>localhost</c>, optionally with <c>:port</c>) as https.</summary>
    internal static Uri? Endpoint(string text)
    {
        text = text.Trim();
        // A document (a kubeconfig marked as a destination) is its driver's to check, not a URL.
        if (text.Any(char.IsWhiteSpace))
        {
            return null;
        }
        if (text.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : null;
        }
        var looksLikeHost = text.Contains('.', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal)
            || text.Equals("localhost", StringComparison.OrdinalIgnoreCase);
        return looksLikeHost && Uri.TryCreate("https://" + (text.Count(c => c == ':') > 1 && !text.StartsWith('[') ? $"[{text}]" : text), UriKind.Absolute, out var host)
            && Uri.CheckHostName(host.IdnHost) != UriHostNameType.Unknown
            ? host
            : null;
    }

    private static JsonElement? At(JsonElement settings, string key)
    {
        var node = settings;
        foreach (var segment in SecretPaths.Segments(key))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(segment, out node))
            {
                return null;
            }
        }
        return node;
    }
}

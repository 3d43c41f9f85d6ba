using System.Text.Json;
using PortalRelease.Portal.Input;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets;

internal static partial class TargetValidator
{
    /// <summary>
    /// Checks every setting the schema marks <c>"x-portal-destination"</c> that holds a URL or a host against the operator's
    /// policy, whatever the plugin does: a third-party driver that annotates its settings is covered even if it never asks
    /// the policy itself. A value read strictly as neither, nor as a form that is plainly the driver's own (a document, a
    /// connection string, a bare name such as a region), is refused naming the field (<see cref="DestinationValue"/>).
    /// </summary>
    private static void AddDestinationErrors(DriverSchema schema, string kind, JsonElement settings, IHostPolicy policy, List<TargetError> errors)
    {
        foreach (var node in schema.Destinations)
        {
            if (At(settings, node.SecretKey) is not { ValueKind: JsonValueKind.String } value)
            {
                continue;
            }
            var text = value.GetString()!;
            var reading = DestinationValue.Read(text, document: node.ContentMediaType is not null);
            if (reading.Form == DestinationValue.Form.Malformed)
            {
                // A secret is never quoted, not even in part.
                var got = node.WriteOnly ? "" : $"; got '{Excerpt.Of(text)}'";
                errors.Add(new TargetError(PathFor(schema, node.Pointer),
                    $"'{node.Label}' must be a host[:port] (e.g. api.example.com:443) or an absolute URL (e.g. https://api.example.com/){got}."));
            }
            else if (reading.Endpoint is { } endpoint && policy.CheckEndpoint(node.DestinationKind ?? kind, endpoint) is { } reason)
            {
                errors.Add(new TargetError(PathFor(schema, node.Pointer), reason));
            }
        }
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

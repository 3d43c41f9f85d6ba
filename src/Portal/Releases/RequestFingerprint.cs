using System.Security.Cryptography;
using System.Text.Json;

namespace PortalRelease.Portal.Releases;

/// <summary>
/// The SHA-256 of a creation request in canonical JSON: members sorted by name, null members dropped, strings
/// re-escaped, no whitespace. Two requests that mean the same (member order, spacing, escapes, a null metadata field)
/// hash the same, so a retry is recognised; the request itself is never stored.
/// </summary>
public static class RequestFingerprint
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Of(NewRelease request)
    {
        var element = JsonSerializer.SerializeToElement(
            new { template = request.Template, version = request.Version, parameters = request.Parameters, metadata = request.Metadata }, Options);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, element);
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in element.EnumerateObject().Where(m => m.Value.ValueKind != JsonValueKind.Null).OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(member.Name);
                    Write(writer, member.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                // Numbers keep their text (1.0 and 1 differ: a parameter may care); true, false and null as they are.
                element.WriteTo(writer);
                break;
        }
    }
}

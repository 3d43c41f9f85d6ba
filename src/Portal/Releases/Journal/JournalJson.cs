using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortalRelease.Portal.Releases.Journal;

public static class JournalJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

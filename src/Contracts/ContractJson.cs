using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortalRelease.Contracts;

/// <summary>The API's JSON conventions: camelCase names, enums as strings, nulls left out when writing.</summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

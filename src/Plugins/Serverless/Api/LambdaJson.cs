using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortalRelease.Plugins.Serverless.Api;

/// <summary>The Lambda API's JSON: PascalCase names as declared, absent members left out.</summary>
internal static class LambdaJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
    };
}

using System.Text.Json;

namespace PortalRelease.Portal.Api;

/// <summary>Reads a JSON body with an error that names the line and position of bad JSON, instead of a bare 400.</summary>
public static class ApiJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
            return body is null ? (null, Problems.BadRequest("The body must be a JSON object, not null.")) : (body, null);
        }
        catch (JsonException error)
        {
            var where = error.Path is { Length: > 1 } path ? $" at {path}" : "";
            var position = error.LineNumber is { } line ? $" (line {line + 1}, position {(error.BytePositionInLine ?? 0) + 1})" : "";
            return (null, Problems.BadRequest($"The body is not valid JSON for this request{where}{position}: {FirstSentence(error.Message)}"));
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] + "." : message;
    }
}

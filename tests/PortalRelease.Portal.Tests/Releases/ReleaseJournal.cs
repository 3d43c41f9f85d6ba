using System.Text.Json;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>One journal event with its time, as the API returns it.</summary>
internal sealed record TimedEvent(long Seq, DateTimeOffset At, string Type, JsonElement Data)
{
    public string? Str(string property) => Data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static async Task<IReadOnlyList<TimedEvent>> ReadAsync(TestClient client, string releaseId)
    {
        using var response = await client.Http.GetAsync($"/api/releases/{releaseId}/events");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray()
            .Select(e => new TimedEvent(e.GetProperty("seq").GetInt64(), e.GetProperty("at").GetDateTimeOffset(), e.GetProperty("type").GetString()!, e.GetProperty("data").Clone()))
            .ToList();
    }
}

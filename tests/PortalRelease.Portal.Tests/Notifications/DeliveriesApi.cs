using System.Net;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Notifications;

/// <summary>Reads <c>GET /api/releases/{id}/notifications</c>, waiting on conditions.</summary>
internal static class DeliveriesApi
{
    public static async Task<JsonElement[]> GetAsync(HttpClient http, string releaseId)
    {
        using var response = await http.GetAsync($"/api/releases/{releaseId}/notifications");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET notifications of {releaseId}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public static async Task<JsonElement[]> WaitAsync(HttpClient http, string releaseId, Func<JsonElement[], bool> condition, string what)
    {
        JsonElement[] last = [];
        return await Poll.UntilAsync(
            async () =>
            {
                last = await GetAsync(http, releaseId);
                return condition(last) ? last : null;
            },
            what,
            lastSeen: () => string.Join(Environment.NewLine, last.Select(e => e.GetRawText())));
    }

    public static string Status(this JsonElement delivery) => delivery.GetProperty("status").GetString()!;
}

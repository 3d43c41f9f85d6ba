using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Strategies;

/// <summary>Helpers shared by the strategy and wave tests: extra sandbox targets, full ledger lines, journal projections.</summary>
internal static class StrategyPortal
{
    public static async Task AddSandboxTargetAsync(this TestClient client, string name, object? settings = null)
    {
        using var response = await client.Http.PostAsJsonAsync("/api/targets", new { name, kind = "sandbox", settings = settings ?? new { } });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating target {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Every line of a target's Sandbox ledger as JSON (strategy, cohort, weight and rollback mode included).</summary>
    public static List<JsonElement> Ledger(this TempPortalHome home, string target) => [.. home.LedgerEntries(target)];

    public static string? Str(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>"target action cohort weight" for every driver call the journal says was done, in order.</summary>
    public static List<string> DoneActions(IReadOnlyList<ReleaseEvent> events)
    {
        var done = events.Where(e => e.Type == "ActionDone").Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        return events
            .Where(e => e.Type == "ActionIntended" && done.Contains(e.Key))
            .Select(e => $"{e.Str("target")} {e.Str("action")}{(e.Str("cohort") is { } c ? $" {c} {e.Data.GetProperty("weight").GetInt32()}" : "")}")
            .ToList();
    }

    public static async Task PostCommandAsync(this TestClient client, string id, string command)
    {
        using var response = await client.Http.PostAsJsonAsync($"/api/releases/{id}/{command}", new { reason = "test" });
        Assert.True(response.IsSuccessStatusCode, $"{command} {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

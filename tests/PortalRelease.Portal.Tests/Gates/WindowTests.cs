using System.Net;

namespace PortalRelease.Portal.Tests.Gates;

public sealed class WindowTests
{
    private const string Template = """
        name: windowed
        stages:
          - name: prod-eu
            environment: production
            targets: [sandbox-eu]
            steps:
              - setWeight: 10
        """;

    [Fact]
    public async Task Freeze_HoldsTheStage_UntilAnOverrideWithAReason()
    {
        await using var portal = new GatesPortal(new Dictionary<string, string>
        {
            ["Portal:Calendars:production:TimeZone"] = "Europe/Berlin",
            ["Portal:Calendars:production:Freezes:0:From"] = "2000-01-01T00:00",
            ["Portal:Calendars:production:Freezes:0:To"] = "2100-01-01T00:00",
            ["Portal:Calendars:production:Freezes:0:Reason"] = "merger freeze",
        });
        await portal.LabelAsync("sandbox-eu", "production");
        var id = await portal.StartAsync(Template, "1.0.0");

        var events = await portal.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "WindowWaiting"), "the freeze to hold the stage");
        var waiting = events.Single(e => e.Type == "WindowWaiting");
        Assert.Equal("production", waiting.Str("environment"));
        Assert.Contains("frozen until", waiting.Str("reason"));
        Assert.Contains("merger freeze", waiting.Str("reason"));
        Assert.DoesNotContain(events, e => e.Type == "ActionIntended");
        var gates = await portal.GetAsync("bob", $"/api/releases/{id}/gates");
        Assert.Contains("merger freeze", gates.GetProperty("windowWait").GetProperty("reason").GetString());

        var noReason = await portal.PostAsync("bob", $"/api/releases/{id}/override", new { gate = "window" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        Assert.Contains("reason", noReason.Detail);
        var overridden = await portal.PostAsync("bob", $"/api/releases/{id}/override", new { gate = "window", reason = "security fix CVE-1" });
        Assert.Equal(HttpStatusCode.Accepted, overridden.Status);

        await portal.Client.WaitForStateAsync(id, "Promoted");
        events = await portal.Client.GetEventsAsync(id);
        var entry = Assert.Single(events, e => e.Type == "GateOverridden");
        Assert.Equal("bob", entry.Actor);
        Assert.Equal("security fix CVE-1", entry.Str("reason"));
        Assert.Equal("prod-eu", entry.Str("stage"));
        Assert.True(entry.Seq < events.First(e => e.Type == "ActionIntended").Seq);
        gates = await portal.GetAsync("bob", $"/api/releases/{id}/gates");
        Assert.Equal("bob", gates.GetProperty("overrides")[0].GetProperty("by").GetString());
    }

    [Fact]
    public async Task ClosedWindow_WaitsAndSaysWhenItOpens()
    {
        // A one-hour window two days from now (in UTC) is certainly closed now.
        var day = DateTime.UtcNow.AddDays(2).DayOfWeek.ToString()[..3];
        await using var portal = new GatesPortal(new Dictionary<string, string>
        {
            ["Portal:Calendars:production:TimeZone"] = "UTC",
            ["Portal:Calendars:production:Windows:0:Days"] = day,
            ["Portal:Calendars:production:Windows:0:From"] = "09:00",
            ["Portal:Calendars:production:Windows:0:To"] = "10:00",
        });
        await portal.LabelAsync("sandbox-eu", "production");
        var id = await portal.StartAsync(Template, "1.0.1");

        var events = await portal.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "WindowWaiting"), "the window to hold the stage");

        var waiting = events.Single(e => e.Type == "WindowWaiting");
        Assert.Equal($"waiting for window: opens {day} 09:00 UTC", waiting.Str("reason"));
        var opens = waiting.Data.GetProperty("opensAt").GetDateTimeOffset();
        Assert.Equal(DateTime.UtcNow.Date.AddDays(2).AddHours(9), opens.UtcDateTime);
        Assert.Equal("Deploying", (await portal.Client.GetReleaseAsync(id)).State);
    }

    [Fact]
    public async Task Stage_WithoutCalendar_IsNeverHeld()
    {
        await using var portal = new GatesPortal(new Dictionary<string, string>
        {
            ["Portal:Calendars:staging:Freezes:0:From"] = "2000-01-01T00:00",
            ["Portal:Calendars:staging:Freezes:0:To"] = "2100-01-01T00:00",
            ["Portal:Calendars:staging:Freezes:0:Reason"] = "never",
        });
        await portal.LabelAsync("sandbox-eu", "production");
        var id = await portal.StartAsync(Template, "1.0.2");

        await portal.Client.WaitForStateAsync(id, "Promoted");

        Assert.DoesNotContain(await portal.Client.GetEventsAsync(id), e => e.Type == "WindowWaiting");
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Targets;

namespace PortalRelease.Portal.Tests.Gates;

/// <summary>Calendars edited in the portal's settings file take effect without a restart; a bad edit changes nothing.</summary>
public sealed class CalendarReloadTests
{
    private const string Template = """
        name: reloaded
        stages:
          - name: prod-eu
            environment: production
            targets: [sandbox-eu]
            steps:
              - setWeight: 10
        """;

    [Fact]
    public async Task EditedCalendar_AppliesToAWaitingRelease_AndABadEditKeepsTheLastGoodOne()
    {
        using var home = new TempPortalHome();
        var settings = Path.Combine(home.Root, "appsettings.json");
        // A one-hour window two days from now (in UTC) is certainly closed now.
        var day = DateTime.UtcNow.AddDays(2).DayOfWeek.ToString()[..3];
        await WriteAsync(settings, "UTC", day, "09:00", "10:00");
        var logs = new CapturedLogs();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", home.DataDirectory)
            .UseSetting("Portal:PluginsDirectory", home.PluginsDirectory)
            .UseSetting("Portal:Engine:SampleInterval", "00:00:00.500")
            .ConfigureAppConfiguration(config => config.AddJsonFile(settings, optional: false, reloadOnChange: true))
            .ConfigureLogging(logging => logging.AddProvider(logs)));
        using var http = factory.CreateClient();
        var client = new TestClient(http);
        var gates = factory.Services.GetRequiredService<GateConfig>();
        await client.LabelTargetAsync("sandbox-eu", "production");
        await client.ImportTemplateAsync(Template);
        var id = await client.CreateReleaseAsync("reloaded", "1.0.0");
        var events = await client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "WindowWaiting"), "the closed window to hold the stage");
        Assert.Equal($"waiting for window: opens {day} 09:00 UTC", events.Single(e => e.Type == "WindowWaiting").Str("reason"));

        // A typo in the time zone: logged with the setting's name, and the calendar in force stays the last good one.
        await WriteAsync(settings, "Mars/Olympus_Mons", "daily", "00:00", "24:00");
        await Poll.UntilAsync(() => Task.FromResult(gates.ReloadError is not null), "the bad edit to be rejected");
        Assert.Contains("Portal:Calendars:production:TimeZone 'Mars/Olympus_Mons' is not a known time zone", gates.ReloadError, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal) && l.Contains("Mars/Olympus_Mons", StringComparison.Ordinal) && l.Contains("last valid settings stay in force", StringComparison.Ordinal));
        Assert.False(gates.Check("production", DateTimeOffset.UtcNow).IsOpen);
        Assert.Equal("Deploying", (await client.GetReleaseAsync(id)).State);
        Assert.DoesNotContain(await client.GetEventsAsync(id), e => e.Type == "ActionIntended");

        // Fixed: the window is open all day, and the waiting release goes on without a restart or a command.
        await WriteAsync(settings, "UTC", "daily", "00:00", "24:00");
        await client.WaitForStateAsync(id, "Promoted");
        Assert.Null(gates.ReloadError);
        Assert.True(gates.Check("production", DateTimeOffset.UtcNow).IsOpen);
        Assert.Contains(logs.Lines, l => l.StartsWith("Information ", StringComparison.Ordinal) && l.Contains("Gate settings reloaded", StringComparison.Ordinal));
        Assert.DoesNotContain(await client.GetEventsAsync(id), e => e.Type == "GateOverridden");
    }

    private static async Task WriteAsync(string path, string zone, string days, string from, string to)
    {
        var json = JsonSerializer.Serialize(new
        {
            Portal = new
            {
                Calendars = new Dictionary<string, object>
                {
                    ["production"] = new { TimeZone = zone, Windows = new[] { new { Days = days, From = from, To = to } } },
                },
            },
        });
        // Written beside and moved into place, as an editor saves: the watcher never reads half a file.
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, json);
        File.Move(temp, path, overwrite: true);
    }
}

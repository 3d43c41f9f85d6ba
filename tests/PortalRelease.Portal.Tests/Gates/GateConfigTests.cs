using Microsoft.Extensions.Options;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Releases;

namespace PortalRelease.Portal.Tests.Gates;

public sealed class GateConfigTests
{
    [Fact]
    public void Validate_BadCalendars_NamesEverySetting()
    {
        var options = new GateOptions
        {
            Calendars =
            {
                ["production"] = new CalendarOptions
                {
                    TimeZone = "Mars/Olympus",
                    Windows = [new WindowOptions { Days = "Mon-Fry", From = "17:00", To = "09:00" }],
                    Freezes = [new FreezeOptions { From = "someday", To = "2026-12-31T00:00", Reason = "" }],
                },
            },
        };

        var result = new GateOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var message = result.FailureMessage;
        Assert.Contains("Portal:Calendars:production:TimeZone 'Mars/Olympus' is not a known time zone", message);
        Assert.Contains("Portal:Calendars:production:Windows:0:Days 'Mon-Fry' is not a list of days", message);
        Assert.Contains("Portal:Calendars:production:Windows:0: From (17:00) must be before To (09:00)", message);
    }

    [Fact]
    public void Validate_FreezeMistakes_AreNamed()
    {
        var options = new GateOptions
        {
            Calendars = { ["production"] = new CalendarOptions { Freezes = [new FreezeOptions { From = "someday", To = "2026-12-31T00:00", Reason = "" }] } },
        };

        var message = new GateOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains("Portal:Calendars:production:Freezes:0:From 'someday' is not a date-time", message);
        Assert.Contains("Portal:Calendars:production:Freezes:0:Reason is required", message);
    }

    [Fact]
    public async Task Start_WithAGroupMemberBlank_FailsWithTheSettingNamed()
    {
        var message = await StartFailure.ValidationOfAsync(async () =>
        {
            await using var portal = new OpsPortal(new Dictionary<string, string> { ["Portal:Access:Groups:release-managers:0"] = " " });
            await portal.Http.GetAsync("/healthz");
        });

        Assert.Contains("Portal:Access:Groups:release-managers:0: a user id is 1 to 256 printable characters", message);
    }

    [Fact]
    public void Check_Window_OpensNextWorkingMorningInItsZone()
    {
        var calendar = CalendarParser.Parse("production", new CalendarOptions
        {
            TimeZone = "Europe/Berlin",
            Windows = [new WindowOptions { Days = "Mon-Fri", From = "09:00", To = "17:00" }],
        }, [])!;
        // Friday 2026-11-27 18:00 Berlin (17:00 UTC): the window opens on Monday 09:00 Berlin (08:00 UTC).
        var friday = new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.Zero);

        var closed = calendar.Check(friday);
        var open = calendar.Check(new DateTimeOffset(2026, 11, 30, 8, 30, 0, TimeSpan.Zero));

        Assert.False(closed.IsOpen);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), closed.OpensAt);
        Assert.Equal("waiting for window: opens Mon 09:00 Europe/Berlin", closed.Reason);
        Assert.True(open.IsOpen);
    }

    [Fact]
    public void Check_FreezeInsideWindows_OpensAtTheFirstWindowAfterTheFreeze()
    {
        var calendar = CalendarParser.Parse("production", new CalendarOptions
        {
            TimeZone = "UTC",
            Windows = [new WindowOptions { Days = "daily", From = "10:00", To = "12:00" }],
            Freezes = [new FreezeOptions { From = "2026-12-20T00:00", To = "2026-12-27T11:00", Reason = "year-end" }],
        }, [])!;

        var check = calendar.Check(new DateTimeOffset(2026, 12, 22, 10, 30, 0, TimeSpan.Zero));

        Assert.False(check.IsOpen);
        Assert.StartsWith("frozen until Sun 11:00 UTC: year-end", check.Reason);
        Assert.Equal(new DateTimeOffset(2026, 12, 27, 11, 0, 0, TimeSpan.Zero), check.OpensAt);
    }
}

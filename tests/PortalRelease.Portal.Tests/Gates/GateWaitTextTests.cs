using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Gates;

/// <summary>The release page's "Now:" line while a gate holds the next step.</summary>
public sealed class GateWaitTextTests
{
    // Thursday 2026-11-26 14:00 UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    private static GateConfig Gates(string zone)
    {
        var options = new GateOptions();
        options.Calendars["production"] = new CalendarOptions { TimeZone = zone, Windows = [new WindowOptions { Days = "Mon", From = "09:00", To = "12:00" }] };
        return new GateConfig(Options.Create(options), new ConfigurationBuilder().Build(), NullLogger<GateConfig>.Instance);
    }

    [Fact]
    public void ClosedWindow_SaysWhichWindowAndWhenItOpens()
    {
        var gates = Gates("UTC");
        var check = gates.Check("production", Now);
        var wait = new WindowWaiting(2, "prod-eu", "production", check.OpensAt, check.Reason!);

        Assert.Equal("waiting for window: opens Mon 09:00 UTC", check.Reason);
        Assert.Equal("waiting for the production window, opens Mon 09:00 UTC", GateWaitText.Now(wait, gates, Now));
    }

    [Fact]
    public void ClosedWindow_InTheCalendarsZone()
    {
        var gates = Gates("Europe/Berlin");
        var check = gates.Check("production", Now);

        Assert.Equal("waiting for the production window, opens Mon 09:00 Europe/Berlin", GateWaitText.Now(new WindowWaiting(0, "prod", "production", check.OpensAt, check.Reason!), gates, Now));
    }

    [Fact]
    public void CalendarFreeze_AndErrorBudget_SayTheirReasons()
    {
        var gates = Gates("UTC");
        var freeze = new WindowWaiting(0, "prod", "production", Now.AddDays(30), "frozen until Mon 2027-01-04 00:00 UTC: year-end freeze");
        var budget = new WindowWaiting(0, "prod", "production", null, "frozen: error budget of checkout spent (\u221212 %)");

        Assert.Equal("waiting for the production window: frozen until Mon 2027-01-04 00:00 UTC: year-end freeze", GateWaitText.Now(freeze, gates, Now));
        Assert.Equal("waiting for the error-budget gate: error budget of checkout spent (\u221212 %)", GateWaitText.Now(budget, gates, Now));
    }
}

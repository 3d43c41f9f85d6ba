using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Dashboards;

namespace PortalRelease.Portal.Tests.Dashboards;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(20.0 / 3600, "20 s")]
    [InlineData(0.5, "30 min")]
    [InlineData(44.2222, "44.2 h")]
    [InlineData(3, "3 h")]
    [InlineData(4.0833 * 24, "4.1 d")]
    public void Hours_ReadsInTheUnitThatFits(double hours, string expected) =>
        Assert.Equal(expected, DeliveryCalculator.Hours(hours));

    [Fact]
    public void TimeToRestoreChart_AllWeeksUnderTwoHours_PlotsMinutes()
    {
        var charts = new DeliveryCharts([Week(0.5), Week(1.25)]);

        Assert.Equal("minutes", charts.RestoreUnit);
        Assert.Equal("minutes", new DeliveryCharts([Week(0.5), Week(null)]).RestoreUnit);
        var series = Assert.Single(charts.TimeToRestore());
        Assert.Equal(new double[] { 30, 75 }, series.Data.ToArray());
        Assert.Equal("median time to restore (min)", series.Name);
    }

    [Fact]
    public void TimeToRestoreChart_AWeekOverTwoHours_PlotsHours()
    {
        var charts = new DeliveryCharts([Week(0.5), Week(3)]);

        Assert.Equal("hours", charts.RestoreUnit);
        Assert.Equal(new double[] { 0.5, 3 }, Assert.Single(charts.TimeToRestore()).Data.ToArray());
    }

    private static WeekPoint Week(double? restoreHours) =>
        new(DateTimeOffset.Parse("2026-11-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), 1, 1, 1, 0, 0, restoreHours, 0);
}

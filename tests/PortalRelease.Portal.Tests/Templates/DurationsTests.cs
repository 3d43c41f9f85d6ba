using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Templates;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1s500ms", 1_500)]
    [InlineData("2h3m4s5ms", 7_384_005)]
    [InlineData("0s", 0)]
    [InlineData(" 10s ", 10_000)]
    public void Parses(string text, long milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("30")]
    [InlineData("1.5s")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData("30s5m")]
    [InlineData("5d")]
    [InlineData("ms")]
    [InlineData("99999999999999999999999h")]
    [InlineData("9000h")]
    public void Refuses(string? text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, "0ms")]
    [InlineData(250, "250ms")]
    [InlineData(1_500, "1s500ms")]
    [InlineData(30_000, "30s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(90_000_000, "25h")]
    public void Formats_so_that_it_reads_back(long milliseconds, string text)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(text, Durations.Format(value));
        Assert.True(Durations.TryParse(text, out var back));
        Assert.Equal(value, back);
    }
}

using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Tests.Releases;

public sealed class ResilienceOptionsTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new PortalOptionsValidator().Validate(null, new PortalOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_OutOfRangeValues_NamesEachSetting()
    {
        var options = new PortalOptions();
        options.Engine.Resilience = new ResilienceOptions
        {
            AttemptTimeout = TimeSpan.Zero,
            MaxRetries = 11,
            RetryDelay = TimeSpan.FromSeconds(-1),
            BreakerFailureRatio = 0,
            BreakerMinimumThroughput = 1,
            BreakerSamplingDuration = TimeSpan.FromMilliseconds(100),
            BreakerBreakDuration = TimeSpan.Zero,
        };

        var result = new PortalOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        foreach (var setting in new[] { "AttemptTimeout", "MaxRetries", "RetryDelay", "BreakerFailureRatio", "BreakerMinimumThroughput", "BreakerSamplingDuration", "BreakerBreakDuration" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith($"Portal:Engine:Resilience:{setting} must", StringComparison.Ordinal));
        }
    }
}

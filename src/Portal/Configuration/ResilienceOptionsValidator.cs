namespace PortalRelease.Portal.Configuration;

/// <summary>The limits Polly itself enforces, checked at start so a bad value names its setting instead of failing the first driver call.</summary>
public static class ResilienceOptionsValidator
{
    private const string Section = "Portal:Engine:Resilience";

    public static IEnumerable<string> Validate(ResilienceOptions options)
    {
        if (options.AttemptTimeout < TimeSpan.FromMilliseconds(10) || options.AttemptTimeout > TimeSpan.FromDays(1))
        {
            yield return $"{Section}:AttemptTimeout must be between 00:00:00.010 and 1.00:00:00 (was {options.AttemptTimeout}).";
        }
        if (options.MaxRetries is < 0 or > 10)
        {
            yield return $"{Section}:MaxRetries must be between 0 and 10 (was {options.MaxRetries}).";
        }
        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromMinutes(10))
        {
            yield return $"{Section}:RetryDelay must be between 00:00:00 and 00:10:00 (was {options.RetryDelay}).";
        }
        if (options.BreakerFailureRatio is <= 0 or > 1 || double.IsNaN(options.BreakerFailureRatio))
        {
            yield return $"{Section}:BreakerFailureRatio must be above 0 and at most 1 (was {options.BreakerFailureRatio}).";
        }
        if (options.BreakerMinimumThroughput < 2)
        {
            yield return $"{Section}:BreakerMinimumThroughput must be at least 2 (was {options.BreakerMinimumThroughput}).";
        }
        if (options.BreakerSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return $"{Section}:BreakerSamplingDuration must be at least 00:00:00.500 (was {options.BreakerSamplingDuration}).";
        }
        if (options.BreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return $"{Section}:BreakerBreakDuration must be at least 00:00:00.500 (was {options.BreakerBreakDuration}).";
        }
    }
}

using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary><c>--timeout</c> of the commands that follow a release (<c>start --wait</c>, <c>watch</c>): a duration, 30m by default.</summary>
public static class TimeoutOption
{
    /// <summary>The longest <c>--timeout</c>: a week is longer than any CI job may run.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(7);

    public static Option<TimeSpan> Create(string description) => new("--timeout")
    {
        Description = description,
        DefaultValueFactory = _ => TimeSpan.FromMinutes(30),
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!Durations.TryParse(text, out var duration))
            {
                result.AddError($"--timeout must be a duration like 30m, 1h30m or 90s; got '{text}'.");
                return default;
            }
            if (duration > MaxTimeout)
            {
                // A CancellationTokenSource takes at most ~24.8 days; refuse here, before a release is started.
                result.AddError($"--timeout can be at most {MaxTimeout.TotalDays:0} days (7d = 168h); got '{text}'.");
                return default;
            }
            return duration;
        },
    };
}

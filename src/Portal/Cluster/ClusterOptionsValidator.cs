using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Cluster;

/// <summary>Fails start-up with a message naming the setting when <c>Portal:Cluster</c> is wrong.</summary>
public sealed partial class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex NodeIdPattern();

    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var errors = new List<string>();
        if (options.NodeId is { } id && !NodeIdPattern().IsMatch(id))
        {
            errors.Add($"Portal:Cluster:NodeId must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (was '{Input.Excerpt.Of(id)}').");
        }
        if (options.LeaseTime < TimeSpan.FromSeconds(3) || options.LeaseTime > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Portal:Cluster:LeaseTime must be between 00:00:03 and 00:10:00 (was {options.LeaseTime}).");
        }
        if (options.PollInterval < TimeSpan.FromMilliseconds(100) || options.PollInterval > options.LeaseTime / 3)
        {
            errors.Add($"Portal:Cluster:PollInterval must be at least 00:00:00.100 and at most a third of LeaseTime (was {options.PollInterval}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

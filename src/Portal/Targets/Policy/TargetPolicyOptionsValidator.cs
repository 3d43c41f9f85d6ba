using System.Net;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets.Policy;

/// <summary>
/// Fails start-up naming the entry when <c>Portal:TargetPolicy</c> is wrong: a malformed host or range would otherwise be
/// ignored and refuse targets the operator meant to allow, with nothing saying why.
/// </summary>
public sealed class TargetPolicyOptionsValidator(PortalPaths paths, IHostEnvironment environment) : IValidateOptions<TargetPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, TargetPolicyOptions options)
    {
        var errors = new List<string>();
        foreach (var (kind, rules) in options.Kinds)
        {
            var at = $"{TargetPolicyOptions.Section}:Kinds:{kind}";
            for (var i = 0; i < rules.Hosts.Count; i++)
            {
                if (HostPattern.Parse(rules.Hosts[i], out var error) is null)
                {
                    errors.Add($"{at}:Hosts:{i} ('{rules.Hosts[i]}') {error}.");
                }
            }
            for (var i = 0; i < rules.Networks.Count; i++)
            {
                if (!IsCidr(rules.Networks[i].Trim()))
                {
                    errors.Add($"{at}:Networks:{i} ('{rules.Networks[i]}') is not a CIDR range: an address and a prefix length with the host bits zero, e.g. 10.0.0.0/8 or fd00::/8.");
                }
            }
            for (var i = 0; i < rules.Features.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(rules.Features[i]))
                {
                    errors.Add($"{at}:Features:{i} is empty; name a feature, e.g. in-cluster.");
                }
            }
            if (!string.IsNullOrWhiteSpace(rules.Root) && RootError(rules.Root.Trim()) is { } rootError)
            {
                errors.Add($"{at}:Root ('{rules.Root}') {rootError}.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// Host bits must be zero: "10.0.0.1/8" parses (as 10.0.0.0/8), but whoever wrote it may have meant the one address,
    /// and silently allowing sixteen million is the wrong guess.
    /// </summary>
    private static bool IsCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && IPNetwork.TryParse(text, out var network) && IPAddress.TryParse(text[..slash], out var address) && address.Equals(network.BaseAddress);
    }

    private string? RootError(string root)
    {
        var resolved = HostPaths.Resolve(environment.ContentRootPath, root);
        if (resolved is null || !Directory.Exists(resolved))
        {
            return "is not a folder (relative paths start at the portal's home)";
        }
        var data = HostPaths.Resolve(paths.DataDirectory, ".") ?? paths.DataDirectory;
        return HostPaths.IsInside(resolved, data) ? "lies inside the portal's data folder (Portal:DataDirectory); give a folder outside it" : null;
    }
}

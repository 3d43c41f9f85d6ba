using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets.Policy;

public sealed partial class TargetPolicy
{
    /// <remarks>
    /// Refusals say where a path must lie, never what is there: whether a file exists, where a link points or what a
    /// folder holds would let a user map the host's files through a settings form.
    /// </remarks>
    public string? ResolvePath(string kind, string path, out string fullPath)
    {
        ArgumentNullException.ThrowIfNull(path);
        fullPath = "";
        if (_kinds.GetValueOrDefault(kind)?.Root is not { } root)
        {
            return $"Kind '{kind}' may not use host paths: {TargetPolicyOptions.Section}:Kinds:{kind}:Root is not set.";
        }
        if (string.IsNullOrWhiteSpace(path))
        {
            return $"The path is empty; give one inside the folder {TargetPolicyOptions.Section}:Kinds:{kind}:Root names.";
        }
        var resolved = HostPaths.Resolve(root, path);
        if (resolved is null || !HostPaths.IsInside(resolved, root))
        {
            return $"The path is outside the folder {TargetPolicyOptions.Section}:Kinds:{kind}:Root names; relative paths start there and links are followed to their target.";
        }
        if (HostPaths.IsInside(resolved, _dataDirectory))
        {
            return "The path lies inside the portal's own data folder (Portal:DataDirectory), which no target may use.";
        }
        fullPath = resolved;
        return null;
    }
}

using System.Text.RegularExpressions;
using PortalRelease.Plugins.Kubernetes.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes;

/// <summary>
/// An apply request checked before anything touches the cluster: the cohort must belong to the strategy and the
/// weight must mean something for it, so a bad request changes nothing.
/// </summary>
internal sealed partial record ApplyMove(DeploymentStrategy Strategy, string Cohort, int Weight)
{
    public static ApplyMove From(ApplyRequest request)
    {
        RequireText(request.IdempotencyKey, "idempotency key");
        RequireText(request.Version, "version");
        CheckVersion(request.Version);
        if (request.Weight is < 0 or > 100)
        {
            throw new DriverException($"Weight {request.Weight} is out of range: a weight is a percentage from 0 to 100.");
        }

        var allowed = request.Strategy switch
        {
            DeploymentStrategy.Canary => (Cohorts: new[] { Cohorts.Canary, Cohorts.Mirror, Cohorts.Stable }, Text: "canary, mirror or stable"),
            DeploymentStrategy.BlueGreen => ([Cohorts.Preview, Cohorts.Stable, Cohorts.Previous], "preview, stable or previous"),
            DeploymentStrategy.Rolling or DeploymentStrategy.AllAtOnce => ([Cohorts.Stable], "stable"),
            _ => throw new DriverException($"Strategy {request.Strategy} is not one the Kubernetes driver knows."),
        };
        if (!allowed.Cohorts.Contains(request.Cohort, StringComparer.Ordinal))
        {
            throw new DriverException($"Unknown cohort '{request.Cohort}' for a {request.Strategy} release: the Kubernetes driver applies to {allowed.Text}.");
        }

        var required = (request.Strategy, request.Cohort) switch
        {
            (DeploymentStrategy.BlueGreen, Cohorts.Preview or Cohorts.Previous) => 0,
            (DeploymentStrategy.Rolling, _) => (int?)null,
            (_, Cohorts.Stable) => 100,
            _ => null,
        };
        if (required is { } weight && request.Weight != weight)
        {
            throw new DriverException($"A {request.Strategy} release applies cohort '{request.Cohort}' at weight {weight}, not {request.Weight}.");
        }

        if (request.Strategy == DeploymentStrategy.Rolling && request.Weight == 0)
        {
            throw new DriverException("A rolling batch of 0% replaces nothing: give the percentage of replicas to run the new version, 1 to 100.");
        }

        return new ApplyMove(request.Strategy, request.Cohort, request.Weight);
    }

    /// <summary>Checks the target is set up for the move, still before any call to the cluster.</summary>
    public void CheckSettings(KubernetesSettings settings)
    {
        if (Strategy == DeploymentStrategy.Canary && Cohort != Cohorts.Stable && settings.Route is null)
        {
            throw new DriverException("A canary needs a route: set 'route', 'stableService' and 'canaryService' in the target's settings.");
        }

        if (Strategy == DeploymentStrategy.BlueGreen && settings.StableService is null)
        {
            throw new DriverException("Blue-green switches the stable Service's selector: set 'stableService' in the target's settings.");
        }
    }

    public static void CheckVersion(string version)
    {
        if (!ImageTag().IsMatch(version))
        {
            throw new DriverException($"Version '{version}' cannot be an image tag: use letters, digits, '_', '.' and '-', at most 128 characters, not starting with '.' or '-'.");
        }
    }

    public static void RequireText(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DriverException($"The {what} must not be empty.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\\z")]
    private static partial Regex ImageTag();
}

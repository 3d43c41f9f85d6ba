using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Identity.Access;

/// <summary>
/// Where an action lands: the service it ships or changes and the environments it touches. A grant covers a scope when
/// its service patterns match the service and its environment patterns match every environment. The global scope
/// (no service, no environment: targets, templates, plugins, access, audit) is covered only by an unscoped grant.
/// </summary>
public sealed record AccessScope(string? Service, IReadOnlyList<string> Environments)
{
    /// <summary>
    /// The team owning <see cref="Service"/> in the service catalog, null when the catalog does not list it. Never
    /// taken from a caller: <see cref="AccessControl"/> fills it from the catalog before it decides.
    /// </summary>
    public string? Team { get; init; }

    public static readonly AccessScope Global = new(null, []);

    /// <summary>
    /// "Anywhere at all": the first, coarse check before the exact scope is known (a release's plan is compiled only
    /// after the template is read), so someone with no such grant anywhere is refused before any input is looked at.
    /// Compared by reference; never a real scope.
    /// </summary>
    public static readonly AccessScope Anywhere = new("(anywhere)", ["(anywhere)"]);

    /// <summary>A release's scope: its service and the environment of every stage.</summary>
    public static AccessScope Of(ReleasePlan plan, string templateName) =>
        new(plan.Service ?? templateName, plan.Stages.Select(s => s.EnvironmentName()).Distinct(StringComparer.Ordinal).ToList());

    /// <summary>A service in every environment (a quarantine mark).</summary>
    public static AccessScope OfService(string service) => new(service, []);

    /// <summary>The same service in one environment (an approval or override of one stage).</summary>
    public AccessScope In(string environment) => this with { Environments = [environment] };

    public bool IsGlobal => Service is null && Environments.Count == 0;

    public override string ToString() =>
        ReferenceEquals(this, Anywhere) ? "anywhere"
        : IsGlobal ? "everywhere"
        : $"{(Service is null ? "every service" : $"service '{Service}'")}{(Environments.Count == 0 ? "" : $" in {string.Join(", ", Environments)}")}";
}

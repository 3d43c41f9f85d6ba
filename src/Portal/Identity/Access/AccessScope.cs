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
    /// taken from a caller: <see cref="AccessControl"/> fills it from the catalog before it decides. For a target
    /// (<see cref="OfTarget"/>) it is the team the target's stored data names.
    /// </summary>
    public string? Team { get; init; }

    /// <summary>
    /// What a resource not labelled with an environment touches: every environment. Only a grant whose environments
    /// include <c>*</c> covers it (a name pattern never matches a literal <c>*</c>), so an unlabelled target narrows
    /// access, never widens it.
    /// </summary>
    public const string AnyEnvironment = ScopePattern.Any;

    /// <summary>What the scope is of when it is not a service's (today: "targets"), for messages; null for services.</summary>
    public string? Resource { get; init; }

    public static readonly AccessScope Global = new(null, []);

    /// <summary>
    /// "Anywhere at all": the first, coarse check before the exact scope is known (a release's plan is compiled only
    /// after the template is read), so someone with no such grant anywhere is refused before any input is looked at.
    /// Compared by reference; never a real scope.
    /// </summary>
    public static readonly AccessScope Anywhere = new("(anywhere)", ["(anywhere)"]);

    /// <summary>A release's scope: its service and the environment of every stage, as its targets said (<see cref="EnvironmentOf"/>).</summary>
    public static AccessScope Of(ReleasePlan plan, string templateName) =>
        new(plan.Service ?? templateName, plan.Stages.Select(EnvironmentOf).Distinct(StringComparer.Ordinal).ToList());

    /// <summary>
    /// The environment a stage's actions are checked in: the one its targets were labelled with when the release was
    /// created, or <see cref="AnyEnvironment"/> when one of them had no label (or the plan predates labels).
    /// </summary>
    public static string EnvironmentOf(PlanStage stage) => stage.TargetsLabelled ? stage.EnvironmentName() : AnyEnvironment;

    /// <summary>Managing a target: its environment and owning team; an unlabelled one is every environment or every team.</summary>
    public static AccessScope OfTarget(string? environment, string? team) =>
        new(null, environment is null ? [] : [environment]) { Team = team, Resource = "targets" };

    /// <summary>A service in every environment (a quarantine mark).</summary>
    public static AccessScope OfService(string service) => new(service, []);

    /// <summary>The same service in one environment (an approval or override of one stage).</summary>
    public AccessScope In(string environment) => this with { Environments = [environment] };

    public bool IsGlobal => Service is null && Environments.Count == 0 && Team is null;

    public override string ToString() =>
        ReferenceEquals(this, Anywhere) ? "anywhere"
        : IsGlobal ? "everywhere"
        : $"{Subject()}{(Environments.Count == 0 ? "" : $" in {string.Join(", ", Environments.Select(e => e == AnyEnvironment ? "every environment (a target without an environment label)" : e))}")}";

    private string Subject() =>
        Resource is { } resource ? $"{resource} of {(Team is null ? "every team" : $"team {Team}")}"
        : Service is null ? "every service" : $"service '{Service}'";
}

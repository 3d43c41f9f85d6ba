using System.Text.Json;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases;

/// <summary>
/// Where a release's actions land for access checks: its service and its stages' environments, read from the plan
/// stored with it (never from the caller). Steering one's own release needs deployer there; anyone else's, operator.
/// </summary>
public sealed partial class ReleaseService
{
    public static AccessScope ScopeOf(ReleaseRecord record) => ScopeOf(record, PlanOf(record));

    private static AccessScope ScopeOf(ReleaseRecord record, ReleasePlan? plan) =>
        plan is not null ? AccessScope.Of(plan, record.TemplateName) : new AccessScope(record.TemplateName, []);

    /// <summary>The release's scope narrowed to the environment of step <paramref name="index"/>, the plan read once.</summary>
    private static AccessScope ScopeAtStep(ReleaseRecord record, int index)
    {
        var plan = PlanOf(record);
        return ScopeOf(record, plan).In(EnvironmentAtStep(plan, index));
    }

    /// <summary>
    /// The environment an action at step <paramref name="index"/> is checked in (an approval, a calendar or error-budget
    /// wait names its step; stage names repeat across a train's components and a stage's waves, steps do not): what its
    /// targets were labelled with at creation, every environment when one was not (or the plan does not know the step).
    /// </summary>
    private static string EnvironmentAtStep(ReleasePlan? plan, int index) =>
        plan?.Steps().Where(s => s.Index == index).Select(s => AccessScope.EnvironmentOf(s.Stage)).FirstOrDefault() ?? AccessScope.AnyEnvironment;

    private static ReleasePlan? PlanOf(ReleaseRecord record) => JsonSerializer.Deserialize<ReleasePlan>(record.Plan, JournalJson.Options);

    /// <summary>The permission steering <paramref name="record"/> needs from <paramref name="actor"/>.</summary>
    public static AccessPermission SteeringPermission(ReleaseRecord record, AuditActor actor) =>
        string.Equals(record.CreatedBy, actor.Id, StringComparison.Ordinal) ? AccessPermission.Deploy : AccessPermission.Operate;

    /// <summary>The user behind an actor, for group membership; the portal itself has only the groups settings give its id.</summary>
    private static PortalUser UserOf(AuditActor actor) => PortalUser.From(actor.Principal) ?? new PortalUser(actor.Id, actor.Name, null, [], actor.Method);
}

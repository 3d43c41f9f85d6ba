using System.Security.Claims;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Ownership;

namespace PortalRelease.Portal.Identity.Access;

/// <summary>
/// The one evaluator of grants: who holds which role where. Grants come from settings and from the database (cached,
/// refreshed whenever <see cref="AccessGrantService"/> changes one); group membership from the principal's sign-in
/// plus <c>Portal:Access:Groups</c>. A token's scope claims narrow the owner's grants, never widen them. The owning
/// team of the scope's service comes from the service catalog (<see cref="ServiceOwners"/>), here, for every decision.
/// </summary>
public sealed class AccessControl(IOptions<AccessOptions> options, IOptions<AuthOptions> auth, AccessGrantRepository repository, ServiceOwners owners)
{
    /// <summary>What a grant (or a token's scope) lets one act in.</summary>
    private readonly record struct Limits(IReadOnlyList<string> Services, IReadOnlyList<string> Environments, IReadOnlyList<string> Teams);

    private const string ImplicitSource = "implicit";
    private IReadOnlyList<AccessGrant>? _settings;
    private volatile IReadOnlyList<AccessGrant>? _stored;
    private long _generation;

    /// <summary>The grants from settings, plus the development grant in Development mode.</summary>
    public IReadOnlyList<AccessGrant> SettingsGrants => _settings ??= BuildSettingsGrants();

    public async Task<IReadOnlyList<AccessGrant>> GrantsAsync(CancellationToken cancellationToken = default)
    {
        if (_stored is { } stored)
        {
            return With(stored);
        }
        var generation = Interlocked.Read(ref _generation);
        var loaded = await repository.ListAsync(cancellationToken);
        // A change (here or on another node) while this load ran may be missing from it: keep it only if none came.
        if (Interlocked.Read(ref _generation) == generation)
        {
            _stored = loaded;
        }
        return With(loaded);
    }

    /// <summary>Every grant, were <paramref name="stored"/> the database's (a change judges the state it is about to write).</summary>
    public IReadOnlyList<AccessGrant> With(IReadOnlyList<AccessGrant> stored) => [.. SettingsGrants, .. ImplicitGrants, .. stored];

    /// <summary>Forgets the cached database grants after a change, made here or (told through the cluster) on another node.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _stored = null;
    }

    /// <summary>The user ids <c>Portal:Access:Groups</c> puts in <paramref name="group"/> (sign-in may add more).</summary>
    public IReadOnlyList<string> SettingsMembers(string group) => options.Value.Groups.GetValueOrDefault(group) ?? [];

    public IEnumerable<string> SettingsUsers => options.Value.Groups.Values.SelectMany(m => m).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>The groups of <paramref name="user"/>: from their sign-in and from settings.</summary>
    public IReadOnlySet<string> GroupsOf(PortalUser user) =>
        user.Groups.Concat(options.Value.Groups.Where(g => g.Value.Contains(user.Id, StringComparer.Ordinal)).Select(g => g.Key))
            .ToHashSet(StringComparer.Ordinal);

    public bool IsMember(PortalUser user, string group) => GroupsOf(user).Contains(group);

    /// <summary>The grants that apply to <paramref name="user"/>.</summary>
    public async Task<IReadOnlyList<AccessGrant>> GrantsOfAsync(PortalUser user, CancellationToken cancellationToken = default) =>
        GrantsOf(user, await GrantsAsync(cancellationToken));

    /// <summary>The grants among <paramref name="grants"/> that apply to <paramref name="user"/>.</summary>
    public IReadOnlyList<AccessGrant> GrantsOf(PortalUser user, IReadOnlyList<AccessGrant> grants)
    {
        var groups = GroupsOf(user);
        return grants.Where(g => g.Kind switch
        {
            GrantSubjectKind.Everyone => true,
            GrantSubjectKind.Group => groups.Contains(g.Subject),
            _ => string.Equals(g.Subject, user.Id, StringComparison.Ordinal),
        }).ToList();
    }

    public async Task<AccessDecision> DecideAsync(ClaimsPrincipal principal, AccessPermission permission, AccessScope scope, CancellationToken cancellationToken = default)
    {
        if (PortalUser.From(principal) is not { } user)
        {
            return AccessDecision.No("Nobody is signed in.");
        }
        scope = await owners.WithTeamAsync(scope, cancellationToken);
        var mine = await GrantsOfAsync(user, cancellationToken);
        if (!Covered(mine.Where(g => AccessRoles.Allows(g.Role, permission)).Select(g => new Limits(g.Services, g.Environments, g.Teams)).ToList(), scope))
        {
            var needed = AccessRoles.Names.First(r => AccessRoles.Allows(r, permission));
            var held = mine.Count == 0 ? "no grant" : string.Join("; ", mine.Select(g => g.Describe()));
            return AccessDecision.No($"{user.Id} may not {Asked(permission, scope)}: that needs the {needed} role (or one above it) there; {user.Id} has {held}.{(mine.Any(g => !g.AnyTeam) ? Owner(scope) : "")}");
        }
        return TokenScope(principal, permission, scope) ?? AccessDecision.Yes;
    }

    /// <summary>A refusal when the token the request came with is scoped narrower than the action; null when it allows it.</summary>
    private static AccessDecision? TokenScope(ClaimsPrincipal principal, AccessPermission permission, AccessScope scope)
    {
        var role = principal.FindFirst(PortalClaims.ScopeRole)?.Value;
        var environments = principal.FindAll(PortalClaims.ScopeEnvironment).Select(c => c.Value).ToList();
        var services = principal.FindAll(PortalClaims.ScopeService).Select(c => c.Value).ToList();
        var teams = principal.FindAll(PortalClaims.ScopeTeam).Select(c => c.Value).ToList();
        if (role is null && environments.Count == 0 && services.Count == 0 && teams.Count == 0)
        {
            return null;
        }
        var roleAllows = role is null || AccessRoles.Allows(role, permission);
        // The token's teams narrow exactly as a grant's do: only services the catalog says one of them owns.
        var limits = new Limits(
            services.Count == 0 ? [ScopePattern.Any] : services, environments.Count == 0 ? [ScopePattern.Any] : environments, teams.Count == 0 ? [ScopePattern.Any] : teams);
        if (roleAllows && Covered([limits], scope))
        {
            return null;
        }
        return AccessDecision.No(
            $"The token used may not {Asked(permission, scope)}: it is limited to role {role ?? "any"}, services {string.Join(", ", limits.Services)}, environments {string.Join(", ", limits.Environments)}"
            + (teams.Count == 0 ? "." : $", services owned by teams {string.Join(", ", teams)}.{Owner(scope)}"));
    }

    /// <summary>True when every environment of the scope (or the scope itself, when it names none) is covered by one of the grants.</summary>
    private static bool Covered(List<Limits> grants, AccessScope scope)
    {
        if (ReferenceEquals(scope, AccessScope.Anywhere))
        {
            return grants.Count > 0;
        }
        var forService = grants.Where(g => scope.Service is null
            ? g.Services.Contains(ScopePattern.Any) && OwnedBy(g.Teams, scope.Team)
            : ScopePattern.MatchesAny(g.Services, scope.Service) && OwnedBy(g.Teams, scope.Team)).ToList();
        if (scope.Environments.Count == 0)
        {
            // No environment named: a service-wide action needs a grant for the service anywhere; a global one needs an unscoped grant.
            return forService.Any(g => scope.Service is not null || g.Environments.Contains(ScopePattern.Any));
        }
        return scope.Environments.All(e => forService.Any(g => ScopePattern.MatchesAny(g.Environments, e)));
    }

    private static bool AnyTeam(IReadOnlyList<string> teams) => teams.Count == 0 || teams.Contains(ScopePattern.Any);

    /// <summary>A team-narrowed grant covers only a registered service whose owner matches; an unregistered one has no owner to match.</summary>
    private static bool OwnedBy(IReadOnlyList<string> teams, string? team) =>
        AnyTeam(teams) || team is not null && teams.Any(p => ScopePattern.Matches(p, team));

    private static string Owner(AccessScope scope) =>
        scope.Service is null || ReferenceEquals(scope, AccessScope.Anywhere) ? ""
        : scope.Team is { } team ? $" The service catalog says team {team} owns '{scope.Service}'."
        : $" '{scope.Service}' is not in the service catalog (grants by team do not cover it).";

    /// <summary>
    /// What was asked and where, in words true for every caller: "start or steer releases of service 'x' in production",
    /// "... anywhere" for the coarse first check (nothing about a release is known or told yet), nothing for a global action.
    /// </summary>
    private static string Asked(AccessPermission permission, AccessScope scope) =>
        scope.IsGlobal ? Verb(permission)
        : ReferenceEquals(scope, AccessScope.Anywhere) ? $"{Verb(permission)} anywhere"
        : $"{Verb(permission)} {(OfReleases(permission) ? "of" : "for")} {scope}";

    private static bool OfReleases(AccessPermission permission) =>
        permission is AccessPermission.View or AccessPermission.Deploy or AccessPermission.Approve or AccessPermission.Operate;

    private static string Verb(AccessPermission permission) => permission switch
    {
        AccessPermission.View => "view releases",
        AccessPermission.Deploy => "start or steer releases",
        AccessPermission.Approve => "approve or reject releases",
        AccessPermission.Operate => "pause, resume, abort or roll back others' releases",
        AccessPermission.Override => "override windows, freezes or error budgets",
        AccessPermission.Quarantine => "mark or lift quarantines",
        AccessPermission.Incidents => "report or act on incidents",
        AccessPermission.ManageTargets => "manage targets",
        AccessPermission.ManageTemplates => "manage templates",
        AccessPermission.ManagePlugins => "manage plugins",
        AccessPermission.ManageAccess => "manage access",
        _ => "read the audit log",
    };

    /// <summary>
    /// Grants that come with the sign-in mode. Local: the group <c>admins</c>, which only the portal assigns (to the
    /// first admin), is admin — never under OIDC, where a provider's group of that name means nothing here.
    /// Development: everyone is admin unless turned off.
    /// </summary>
    private IReadOnlyList<AccessGrant> ImplicitGrants => auth.Value.Mode switch
    {
        AuthMode.Local => [new AccessGrant("local-admins", GrantSubjectKind.Group, Local.InitialAdmin.Group, AccessRoles.Admin, [ScopePattern.Any], [ScopePattern.Any], ImplicitSource)],
        AuthMode.Development when options.Value.DevelopmentEveryoneIsAdmin =>
            [new AccessGrant("development", GrantSubjectKind.Everyone, "", AccessRoles.Admin, [ScopePattern.Any], [ScopePattern.Any], ImplicitSource)],
        _ => [],
    };

    private List<AccessGrant> BuildSettingsGrants()
    {
        var ignored = new List<(string, string)>();
        return options.Value.Grants.Select((g, i) => new AccessGrant(
            $"settings-{i}",
            g.Everyone ? GrantSubjectKind.Everyone : g.Group is not null ? GrantSubjectKind.Group : GrantSubjectKind.User,
            g.Everyone ? "" : g.Group ?? g.User ?? "",
            g.Role,
            GrantRules.Patterns(g.Environments, "", ignored),
            GrantRules.Patterns(g.Services, "", ignored),
            AccessGrant.FromSettings) { Teams = GrantRules.Patterns(g.Teams, "", ignored) }).ToList();
    }
}

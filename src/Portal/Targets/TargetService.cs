using System.Text.Json;
using Microsoft.Extensions.Options;
using PortalRelease.Contracts;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Plugins;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets;

/// <summary>The one entry point for reading and changing targets, shared by the Targets page and the API.</summary>
public sealed partial class TargetService(
    TargetRepository targets,
    TargetSecrets secrets,
    TargetContexts contexts,
    TargetUsage usage,
    TargetLabelGate labelGate,
    PluginCatalog plugins,
    TimeProvider time,
    IOptions<PortalOptions> options,
    IHostPolicy policy,
    AuditLog audit,
    Identity.Access.AccessGuard guard,
    ILogger<TargetService> logger)
{
    private TimeSpan Timeout => options.Value.Engine.DriverCallTimeout;

    /// <summary>
    /// Whether <paramref name="actor"/> may manage some targets (they hold credentials: admins only, anywhere), and why
    /// not: every change demands it before it reads any input, and the Targets page asks it to disable New.
    /// </summary>
    public Task<Identity.Access.AccessDecision> MayManageAsync(AuditActor actor) =>
        guard.CheckAsync(actor, Identity.Access.AccessPermission.ManageTargets, Identity.Access.AccessScope.Anywhere);

    /// <summary>
    /// Whether <paramref name="actor"/> may change, test or delete <paramref name="target"/>: admin in its environment
    /// and for its owning team (an unlabelled one needs admin in every environment or for every team). The page asks
    /// it per row; every change demands it.
    /// </summary>
    public Task<Identity.Access.AccessDecision> MayManageAsync(AuditActor actor, TargetView target) => MayManageAsync(actor, target.Environment, target.Team);

    private Task<Identity.Access.AccessDecision> MayManageAsync(AuditActor actor, string? environment, string? team) =>
        guard.CheckAsync(actor, Identity.Access.AccessPermission.ManageTargets, Identity.Access.AccessScope.OfTarget(environment, team));

    public async Task<IReadOnlyList<TargetView>> ListAsync(CancellationToken cancellationToken = default) =>
        (await targets.ListAsync(cancellationToken)).Select(ToView).ToList();

    public async Task<TargetView?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        await targets.GetAsync(name, cancellationToken) is { } record ? ToView(record) : null;

    /// <summary>The schema of a loaded kind, for the form; null when no loaded plugin provides the kind.</summary>
    public DriverSchema? SchemaOf(string kind) => plugins.FindDriver(kind) is { } driver ? DriverSchema.For(driver) : null;

    public async Task<TargetChange> CreateAsync(TargetInput input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        (await MayManageAsync(actor)).Demand();
        var errors = new List<TargetError>();
        if (TargetName.Check(input.Name) is { } nameError)
        {
            errors.Add(new TargetError("/name", nameError));
        }
        else if (await targets.GetAsync(input.Name!, cancellationToken) is not null)
        {
            errors.Add(new TargetError("/name", $"A target named '{Excerpt.Of(input.Name)}' exists already; edit it instead."));
        }
        var (environment, team) = Labels(input, null, errors);
        if (errors.Count == 0)
        {
            // Whoever may manage only some targets may create only such targets: refused before the driver sees anything.
            (await MayManageAsync(actor, environment, team)).Demand();
        }
        var driver = FindDriver(input.Kind, errors);
        TargetInputLimits.Check(input, options.Value.Limits, errors);
        var valid = driver is null || errors.Count > 0 ? null : await TargetValidator.ValidateAsync(input, driver, new Dictionary<string, string>(), errors, Timeout, policy, cancellationToken);
        if (valid is null || errors.Count > 0)
        {
            return TargetChange.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var record = new TargetRecord(input.Name!, driver!.Kind, valid.Settings, now, secrets.Protect(valid.Secrets), now) { Environment = environment, Team = team };
        if (!await targets.AddAsync(record, cancellationToken))
        {
            return TargetChange.Invalid([new TargetError("/name", $"A target named '{Excerpt.Of(input.Name)}' exists already; edit it instead.")]);
        }
        logger.LogInformation("Created target {Target} of kind {Kind} with {SecretCount} secrets", record.Name, record.Kind, valid.Secrets.Count);
        await audit.AppendAsync(TargetAudit.Created(actor, record, valid.Secrets.Keys), cancellationToken);
        return new TargetChange(TargetOutcome.Ok, ToView(record), []);
    }

    public async Task<TargetChange> UpdateAsync(string name, TargetInput input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        (await MayManageAsync(actor)).Demand();
        if (await targets.GetAsync(name, cancellationToken) is not { } existing)
        {
            return TargetChange.NotFound(name);
        }
        (await MayManageAsync(actor, existing.Environment, existing.Team)).Demand();
        var errors = new List<TargetError>();
        var (environment, team) = Labels(input, existing, errors);
        if (errors.Count == 0)
        {
            // Moving a target to another environment or team needs admin there too: nobody hands a target to a scope they do not hold.
            (await MayManageAsync(actor, environment, team)).Demand();
            if (await RelabelConflictAsync(name, existing, environment, cancellationToken) is { } conflict)
            {
                return conflict;
            }
        }
        if (input.Name is not null && input.Name != name)
        {
            errors.Add(new TargetError("/name", $"A target cannot be renamed ('{name}' to '{Excerpt.Of(input.Name)}'): create a new one and delete this one."));
        }
        if (input.Kind is not null && input.Kind != existing.Kind)
        {
            errors.Add(new TargetError("/kind", $"A target's kind cannot change ('{existing.Kind}' to '{Excerpt.Of(input.Kind)}'): create a new target of kind '{Excerpt.Of(input.Kind)}'."));
        }
        var driver = FindDriver(existing.Kind, errors);
        TargetInputLimits.Check(input, options.Value.Limits, errors);
        Dictionary<string, string> stored;
        try
        {
            stored = secrets.Unprotect(existing.Secrets, name);
        }
        catch (TargetSecretsUnreadableException error)
        {
            // Unreadable secrets are replaced by whatever this update sends; validation then reports any still missing.
            logger.LogWarning("{Problem}", error.Message);
            stored = [];
        }
        var valid = driver is null || errors.Count > 0 ? null : await TargetValidator.ValidateAsync(input, driver, stored, errors, Timeout, policy, cancellationToken);
        IReadOnlyList<string> destinations = [];
        if (driver is not null)
        {
            errors.AddRange(TargetRepoint.Check(DriverSchema.For(driver), existing.Settings, input.Settings, stored, input.Secrets));
            destinations = TargetRepoint.ChangedDestinations(DriverSchema.For(driver), existing.Settings, input.Settings, stored, input.Secrets);
        }
        if (valid is null || errors.Count > 0)
        {
            return TargetChange.Invalid(errors);
        }
        var record = existing with { Settings = valid.Settings, Secrets = secrets.Protect(valid.Secrets), UpdatedAt = time.GetUtcNow(), Environment = environment, Team = team };
        using (await labelGate.EnterAsync(cancellationToken))
        {
            // Checked again where it counts: a release created since the first check holds the target's environment.
            if (await RelabelConflictAsync(name, existing, environment, cancellationToken) is { } conflict)
            {
                return conflict;
            }
            if (!await targets.UpdateAsync(record, cancellationToken))
            {
                return TargetChange.NotFound(name);
            }
        }
        logger.LogInformation("Updated target {Target} with {SecretCount} secrets", name, valid.Secrets.Count);
        await audit.AppendAsync(TargetAudit.Updated(actor, existing, record, input.Secrets, destinations), cancellationToken);
        return new TargetChange(TargetOutcome.Ok, ToView(record), []);
    }

    /// <summary>A 409 when moving <paramref name="name"/> to <paramref name="environment"/> would move it under an unsettled release.</summary>
    private async Task<TargetChange?> RelabelConflictAsync(string name, TargetRecord existing, string? environment, CancellationToken cancellationToken)
    {
        if (environment == existing.Environment || await usage.UnsettledReleasesUsingAsync(name, cancellationToken) is not { Count: > 0 } users)
        {
            return null;
        }
        // A release was authorized for the environment its plan recorded; moving its target under it would deploy elsewhere.
        return TargetChange.Conflict(
            $"Target '{name}' is used by {users.Count} unfinished release{(users.Count == 1 ? "" : "s")} ({string.Join(", ", users)}), which were allowed for environment '{existing.Environment ?? "(none)"}'; change its environment after they settle.");
    }

    public async Task<TargetChange> DeleteAsync(string name, AuditActor actor, CancellationToken cancellationToken = default)
    {
        (await MayManageAsync(actor)).Demand();
        if (await targets.GetAsync(name, cancellationToken) is not { } existing)
        {
            return TargetChange.NotFound(name);
        }
        (await MayManageAsync(actor, existing.Environment, existing.Team)).Demand();
        using (await labelGate.EnterAsync(cancellationToken))
        {
            var users = await usage.UnsettledReleasesUsingAsync(name, cancellationToken);
            if (users.Count > 0)
            {
                return TargetChange.Conflict(
                    $"Target '{name}' is used by {users.Count} unfinished release{(users.Count == 1 ? "" : "s")} ({string.Join(", ", users)}); delete it after they settle.");
            }
            if (!await targets.DeleteAsync(name, cancellationToken))
            {
                return TargetChange.NotFound(name);
            }
        }
        logger.LogInformation("Deleted target {Target}", name);
        await audit.AppendAsync(TargetAudit.Deleted(actor, name), cancellationToken);
        return new TargetChange(TargetOutcome.Ok, null, []);
    }

    /// <summary>The environment and team the input asks for (see <see cref="TargetLabels.Resolve"/>), errors at /environment and /team.</summary>
    private static (string? Environment, string? Team) Labels(TargetInput input, TargetRecord? existing, List<TargetError> errors) =>
        (TargetLabels.Resolve(input.Environment, existing?.Environment, "/environment", TargetLabels.EnvironmentProblem, errors),
         TargetLabels.Resolve(input.Team, existing?.Team, "/team", TargetLabels.TeamProblem, errors));

    private ITargetDriver? FindDriver(string? kind, List<TargetError> errors)
    {
        if (string.IsNullOrWhiteSpace(kind))
        {
            errors.Add(new TargetError("/kind", $"A kind is required: one of {LoadedKinds()}."));
            return null;
        }
        if (plugins.FindDriver(kind) is { } driver)
        {
            return driver;
        }
        errors.Add(new TargetError("/kind", $"No loaded plugin provides kind '{Excerpt.Of(kind)}': loaded kinds are {LoadedKinds()}. See the Plugins page."));
        return null;
    }

    private string LoadedKinds() =>
        plugins.Drivers.Count == 0 ? "none (no plugin is loaded)" : string.Join(", ", plugins.Drivers.Select(d => d.Kind).Order(StringComparer.Ordinal));

    private TargetView ToView(TargetRecord record)
    {
        var driver = plugins.FindDriver(record.Kind);
        var set = TargetSecrets.Keys(record.Secrets);
        var declared = driver is null ? set : DriverSchema.For(driver).Secrets.Select(s => s.SecretKey).Union(set, StringComparer.Ordinal);
        JsonElement settings;
        using (var document = JsonDocument.Parse(record.Settings))
        {
            settings = document.RootElement.Clone();
        }
        return new TargetView(
            record.Name,
            record.Kind,
            driver is null ? null : SafeDisplayName(driver),
            driver is not null,
            settings,
            declared.ToDictionary(k => k, k => new SecretStateView(set.Contains(k, StringComparer.Ordinal)), StringComparer.Ordinal),
            record.CreatedAt,
            record.UpdatedAt) { Environment = record.Environment, Team = record.Team };
    }

    private static string? SafeDisplayName(ITargetDriver driver)
    {
        try
        {
            return driver.DisplayName;
        }
        catch (Exception)
        {
            // A plugin property that throws must not break listing targets.
            return null;
        }
    }
}

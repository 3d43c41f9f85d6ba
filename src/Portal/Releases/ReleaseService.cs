using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Releases;

/// <summary>The one entry point for starting and steering releases, shared by the pages and the API.</summary>
public sealed partial class ReleaseService(
    TemplateRepository templates,
    TemplateParser parser,
    TemplateCompiler compiler,
    TargetRepository targets,
    ReleaseRepository releases,
    JournalRepository journal,
    JournalWriter writer,
    ReleaseEngine engine,
    TimeProvider time,
    Gates.QuarantineService quarantine,
    CapabilityCheck capabilities,
    TargetEnvironments environments,
    Targets.TargetLabelGate labelGate,
    IdempotencyKeyRepository idempotencyKeys,
    Identity.Access.AccessGuard guard,
    Identity.Access.AccessControl access,
    Ownership.ServiceOwners owners,
    IOptions<PortalOptions> options,
    ILogger<ReleaseService> logger)
{
    /// <summary>Comments and reasons are bounded here, not only at the API, so the pages' dialogs are bound too.</summary>
    private LimitsOptions Limits => options.Value.Limits;

    [GeneratedRegex(@"^[0-9A-Za-z][0-9A-Za-z.+_\-]{0,63}\z")]
    private static partial Regex VersionPattern();

    /// <summary>Null when <paramref name="version"/> is acceptable as an artifact version; otherwise what is wrong with it.</summary>
    public static string? CheckVersion(string? version) =>
        string.IsNullOrWhiteSpace(version) ? "A version is required, e.g. 1.4.2."
        : !VersionPattern().IsMatch(version) ? $"'{Excerpt.Of(version)}' is not a version: use letters, digits, '.', '-', '+' or '_', at most 64 characters, starting with a letter or digit."
        : null;

    /// <summary>Parses the newest version of a template and compiles it with the given values, saving nothing.</summary>
    public async Task<PlanPreview> PreviewAsync(string templateName, IReadOnlyDictionary<string, JsonElement> parameters, CancellationToken cancellationToken = default)
    {
        var errors = new RequestErrors();
        var record = string.IsNullOrWhiteSpace(templateName) ? null : await templates.GetLatestAsync(templateName, cancellationToken);
        if (record is null)
        {
            errors.Add("template", string.IsNullOrWhiteSpace(templateName) ? "A template name is required." : $"There is no template named '{Excerpt.Of(templateName)}'.");
            return new PlanPreview(null, null, null, errors);
        }
        var parsed = parser.Parse(record.Yaml);
        if (parsed.Template is null)
        {
            errors.Add("template", $"Template '{templateName}' v{record.Version} no longer parses: {parsed.Errors[0]}");
            return new PlanPreview(record, null, null, errors);
        }
        var known = await targets.ListNamesAsync(cancellationToken);
        var compiled = compiler.Compile(parsed.Template, parameters, known.Contains);
        foreach (var error in compiled.Errors)
        {
            errors.Add(error.Parameter.Length == 0 ? "plan" : $"parameters.{Excerpt.Of(error.Parameter)}", error.Message);
        }
        if (compiled.Plan is { } plan)
        {
            // Targets chosen by parameters are known only now: a step their driver cannot perform is refused here.
            foreach (var unable in await capabilities.CheckPlanAsync(plan, cancellationToken))
            {
                errors.Add("plan", unable);
            }
            // Where the release deploys is what its targets' labels say; the plan records it for every access check.
            var (labelled, mislabelled) = await environments.ApplyAsync(plan, cancellationToken);
            foreach (var problem in mislabelled)
            {
                errors.Add("plan", problem);
            }
            compiled = compiled with { Plan = labelled };
        }
        return new PlanPreview(record, parsed.Template, compiled, errors);
    }

    public Task<CreateReleaseResult> CreateAsync(NewRelease request, AuditActor actor, CancellationToken cancellationToken = default) =>
        CreateAsync(request, actor, null, cancellationToken);

    /// <summary>Checks and creates; with <paramref name="idempotency"/> the key is saved in the transaction creating the release.</summary>
    private async Task<CreateReleaseResult> CreateOnceAsync(NewRelease request, AuditActor actor, (IdempotencyKey Key, string Hash)? idempotency, CancellationToken cancellationToken)
    {
        // Refused before the template is read when the actor may deploy nowhere; where exactly is checked on the plan.
        (await MayStartAsync(actor)).Demand();
        var preview = await PreviewAsync(request.Template, request.Parameters, cancellationToken);
        var errors = preview.Errors;
        if (CheckVersion(request.Version) is { } versionError)
        {
            errors.Add("version", versionError);
        }
        var service = preview.Compiled?.Plan?.Service ?? preview.Template?.Service ?? request.Template;
        // The service is known only once the template reads; without it the metadata is still checked field by field.
        var metadata = await ResolveMetadataAsync(request.Metadata, preview.Template is null ? null : service, actor, errors, cancellationToken);
        await CheckQuarantineAsync(service, request.Version, errors, cancellationToken);
        if (errors.Count > 0 || metadata is null || preview.Compiled?.Plan is not { } plan || preview.Record is not { } template)
        {
            return new CreateReleaseResult(null, errors);
        }
        (await MayStartAsync(actor, plan, template.Name)).Demand();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var createdAt = time.GetUtcNow();
        // The labels the plan recorded must still hold when the release is inserted: a target relabelled (or deleted)
        // since the preview read them would otherwise carry a release allowed for another environment.
        using var labels = await labelGate.EnterAsync(cancellationToken);
        if (await environments.ChangedSinceAsync(plan, null, cancellationToken) is { Count: > 0 } changed)
        {
            errors.Add("plan", $"The targets changed while the release was being created ({string.Join("; ", changed)}); preview it again.");
            return new CreateReleaseResult(null, errors);
        }
        var record = new ReleaseRecord(
            id,
            template.Name,
            template.Version,
            request.Version,
            JsonSerializer.Serialize(preview.Compiled.Parameters, JournalJson.Options),
            JsonSerializer.Serialize(plan, JournalJson.Options),
            createdAt,
            actor.Id);
        var created = EventDraft.By(new ReleaseCreated(template.Name, template.Version, request.Version, preview.Compiled.Parameters, metadata), actor);
        var key = idempotency is { } claim ? new IdempotencyRecord(actor.Id, claim.Key.Value, claim.Hash, id, createdAt) : null;
        // In line for its targets from the moment it exists (same transaction), so a release created later can never deploy first.
        await writer.CreateReleaseAsync(record, [created], key, plan.Stages.SelectMany(s => s.Targets).Distinct(StringComparer.Ordinal).ToList());
        engine.Notify(id);
        return new CreateReleaseResult(id, errors, plan, template.Name);
    }

    public async Task<ReleaseDetails?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var record = await releases.GetAsync(id, cancellationToken);
        if (record is null)
        {
            return null;
        }
        var events = await journal.ReadAsync(id, 0, cancellationToken);
        return new ReleaseDetails(record, ReleaseView.From(id, events), events);
    }

    public async Task<IReadOnlyList<ReleaseSummary>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        var records = await releases.ListRecentAsync(limit, cancellationToken);
        var events = await journal.ReadManyAsync(records.Select(r => r.Id).ToList(), cancellationToken);
        return records.Select(r => new ReleaseSummary(r, ReleaseView.From(r.Id, events.GetValueOrDefault(r.Id) ?? []))).ToList();
    }
}

public sealed record PlanPreview(TemplateRecord? Record, ReleaseTemplate? Template, CompileResult? Compiled, RequestErrors Errors);

public sealed record ReleaseSummary(ReleaseRecord Record, ReleaseView View);

public sealed record ReleaseDetails(ReleaseRecord Record, ReleaseView View, IReadOnlyList<JournalEvent> Events)
{
    public ReleasePlan Plan { get; } = JsonSerializer.Deserialize<ReleasePlan>(Record.Plan, JournalJson.Options)!;
}

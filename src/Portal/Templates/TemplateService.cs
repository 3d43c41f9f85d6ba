using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Templates;

public sealed record TemplateImportResult(TemplateRecord? Record, bool Created, IReadOnlyList<TemplateError> Errors);

/// <summary>Imports templates: a template is saved only when it parses and every target it names exists.</summary>
public sealed class TemplateService(TemplateParser parser, TemplateRepository templates, TargetRepository targets, TimeProvider time, CapabilityCheck capabilities, TargetEnvironments environments, AuditLog audit, Identity.Access.AccessGuard guard)
{
    /// <summary>
    /// Whether <paramref name="actor"/> may import templates (admins only), and why not: the import demands it, and the
    /// Templates page asks it to disable what would be refused.
    /// </summary>
    public Task<Identity.Access.AccessDecision> MayManageAsync(AuditActor actor) =>
        guard.CheckAsync(actor, Identity.Access.AccessPermission.ManageTemplates, Identity.Access.AccessScope.Global);

    public async Task<TemplateImportResult> ImportAsync(string yaml, AuditActor actor, CancellationToken cancellationToken = default)
    {
        (await MayManageAsync(actor)).Demand();
        var known = await targets.ListNamesAsync(cancellationToken);
        var parsed = parser.Parse(yaml, known.Contains);
        if (parsed.Template is not { } template)
        {
            return new TemplateImportResult(null, false, parsed.Errors);
        }
        if (await capabilities.CheckTemplateAsync(template, cancellationToken) is { Count: > 0 } unable)
        {
            return new TemplateImportResult(null, false, unable);
        }
        if (await environments.CheckTemplateAsync(template, cancellationToken) is { Count: > 0 } mislabelled)
        {
            return new TemplateImportResult(null, false, mislabelled);
        }
        var (record, created) = await templates.SaveAsync(template.Name, template.Description, yaml, actor.Id, time.GetUtcNow(), cancellationToken);
        if (created)
        {
            // The YAML stays in the templates table, versioned; its hash here pins exactly what this import saved.
            await audit.AppendAsync(new AuditEntry(actor, "template.import", "template", $"{record.Name}@{record.Version}", Details: new JsonObject
            {
                ["name"] = record.Name,
                ["version"] = record.Version,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml))),
            }), cancellationToken);
        }
        return new TemplateImportResult(record, created, []);
    }
}

using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// One walk over a loaded YAML document: builds the <see cref="ReleaseTemplate"/> and collects every error on the way.
/// Split by concern: node helpers, parameters, stages, steps and step values live in the other partial files.
/// </summary>
internal sealed partial class TemplateReader
{
    private static readonly string[] RootKeys = ["name", "description", "service", "parameters", "stages", "rollback", "slos", "components"];
    private static readonly string[] RollbackKeys = ["onAnalysisFailure", "onIncident", "scope"];

    private readonly Func<string, bool>? _targetExists;
    private readonly List<TemplateError> _errors = [];

    /// <summary>Every parameter name declared; the value is null when the declaration itself is broken.</summary>
    private readonly Dictionary<string, TemplateParameter?> _declared = new(StringComparer.Ordinal);

    public TemplateReader(Func<string, bool>? targetExists) => _targetExists = targetExists;

    [GeneratedRegex("^[a-z0-9-]{1,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();

    internal static string UnknownTarget(string target) => $"unknown target '{Excerpt.Of(target)}': no target with this name is configured";

    public TemplateParseResult Read(YamlStream stream)
    {
        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            Error(1, 1, "", "the template is empty");
            return Result(null);
        }
        var documents = stream.Documents.Where(d => !IsNull(d.RootNode)).ToList();
        if (documents.Count > 1)
        {
            Error(documents[1].RootNode, "", $"a template is a single YAML document; found {documents.Count} (remove the '---' separator)");
        }
        if (Mapping(stream.Documents[0].RootNode, "", "the template: a mapping with name, parameters and stages") is not { } root)
        {
            return Result(null);
        }
        var fields = ReadFields(root, "", RootKeys);
        var parameters = ReadParameters(fields.Get("parameters"));
        var name = ReadTemplateName(Required(fields, "name"));
        var description = fields.Get("description") is { } descriptionNode ? Scalar(descriptionNode, "description", required: false) : null;
        var stages = ReadStagesOrComponents(fields);
        var rollback = ReadRollback(fields.Get("rollback"));
        var service = ReadService(fields.Get("service"));
        var slos = ReadSlos(fields.Get("slos"));
        return Result(name is null || stages is null ? null : new ReleaseTemplate(name, description, parameters, stages, rollback) { Service = service, Slos = slos });
    }

    private TemplateParseResult Result(ReleaseTemplate? template)
    {
        var errors = _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return new TemplateParseResult(errors.Count == 0 ? template : null, errors);
    }

    private string? ReadTemplateName(YamlNode? node)
    {
        if (node is null || Scalar(node, "name") is not { } name)
        {
            return null;
        }
        if (!TemplateName().IsMatch(name))
        {
            Error(node, "name", $"must be 1 to 63 lower-case letters, digits or dashes, found '{Excerpt.Of(name)}'");
            return null;
        }
        return name;
    }

    private RollbackPolicy ReadRollback(YamlNode? node)
    {
        const string path = "rollback";
        var policy = new RollbackPolicy(OnAnalysisFailure: true);
        if (node is null || IsNull(node) || Mapping(node, path, "a mapping such as { onAnalysisFailure: true }") is not { } map)
        {
            return policy;
        }
        var fields = ReadFields(map, path, RollbackKeys);
        policy = policy with { OnIncident = ReadIncidentAction(fields.Get("onIncident")), Scope = ReadRollbackScope(fields.Get("scope")) };
        if (fields.Get("onAnalysisFailure") is not { } flagNode)
        {
            return policy;
        }
        var flagPath = Join(path, "onAnalysisFailure");
        if (Scalar(flagNode, flagPath) is not { } text)
        {
            return policy;
        }
        if (!ParameterValues.TryParseBool(text, out var flag))
        {
            Error(flagNode, flagPath, $"expected true or false, found '{text}'");
            return policy;
        }
        return policy with { OnAnalysisFailure = flag };
    }
}

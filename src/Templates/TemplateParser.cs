using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Input;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// Reads a release template from YAML and validates it, reporting every problem with its line, column and path.
/// Stateless and thread-safe.
/// </summary>
public sealed class TemplateParser
{
    /// <summary>The largest template text accepted by default, in characters (<see cref="LimitsOptions.TemplateBytes"/>).</summary>
    public const int MaxLength = 1024 * 1024;

    private readonly LimitsOptions _limits;

    /// <summary>A parser with the default <see cref="LimitsOptions"/>.</summary>
    public TemplateParser()
        : this(new LimitsOptions())
    {
    }

    public TemplateParser(LimitsOptions limits) => _limits = limits;

    /// <summary>The most YAML aliases (<c>*name</c>) a template may use.</summary>
    public const int MaxAliases = 50;

    /// <summary>The deepest nesting of lists and mappings accepted (a valid template needs 6).</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Parses and validates <paramref name="yaml"/>. When <paramref name="targetExists"/> is given, every fixed target
    /// name it rejects is an error too (names holding placeholders are checked by <see cref="TemplateCompiler"/>).
    /// </summary>
    public TemplateParseResult Parse(string yaml, Func<string, bool>? targetExists = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > _limits.TemplateBytes)
        {
            return Failed(1, 1, $"the template is {yaml.Length} characters long; the limit is {_limits.TemplateBytes} ({LimitsOptions.Section}:{nameof(LimitsOptions.TemplateBytes)})");
        }
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            return Failed(ex.Start.Line, ex.Start.Column, $"invalid YAML: {Excerpt.Of(ex.Message, 200)}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            return Failed(parser.LastGood.Line, parser.LastGood.Column,
                "invalid YAML after this point: look for an unclosed '[' or '{', or a stray quote");
        }
        if (parser.FirstAliasOverLimit is { } alias)
        {
            return Failed(alias.Line, alias.Column, $"a template may use at most {MaxAliases} aliases (*name); found {parser.AliasCount}");
        }
        if (stream.Documents.Count > 0 && TemplateSizeCheck.Check(stream.Documents[0].RootNode, _limits) is { Count: > 0 } tooLarge)
        {
            return new TemplateParseResult(null, tooLarge);
        }
        return new TemplateReader(targetExists).Read(stream);
    }

    /// <summary>
    /// Checks the fixed target names of a parsed template against <paramref name="targetExists"/>, with the line and
    /// column where each was written (when the template came from <see cref="Parse"/>).
    /// </summary>
    public IReadOnlyList<TemplateError> ValidateTargets(ReleaseTemplate template, Func<string, bool> targetExists)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(targetExists);
        var errors = new List<TemplateError>();
        for (var s = 0; s < template.Stages.Count; s++)
        {
            var stage = template.Stages[s];
            for (var t = 0; t < stage.Targets.Count; t++)
            {
                var target = stage.Targets[t];
                if (Placeholders.Contains(target) || targetExists(target))
                {
                    continue;
                }
                var at = t < stage.TargetLocations.Count ? stage.TargetLocations[t] : new TemplateLocation(1, 1);
                errors.Add(new TemplateError(at.Line, at.Column, $"stages[{s}].targets[{t}]", TemplateReader.UnknownTarget(target)));
            }
        }
        return errors;
    }

    private static TemplateParseResult Failed(long line, long column, string message) =>
        new(null, [new TemplateError((int)Math.Max(1, line), (int)Math.Max(1, column), "", message)]);
}

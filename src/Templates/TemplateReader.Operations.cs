using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PortalRelease.Portal.Templates;

/// <summary>The keys that tie a template to operations: the service incidents name, and what an incident does.</summary>
internal sealed partial class TemplateReader
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceName();

    private string? ReadService(YamlNode? node)
    {
        if (node is null || Scalar(node, "service") is not { } service)
        {
            return null;
        }
        if (!ServiceName().IsMatch(service))
        {
            Error(node, "service", $"must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit (as in an alert's service label), found '{service}'");
            return null;
        }
        return service;
    }

    private IncidentAction ReadIncidentAction(YamlNode? node)
    {
        const string path = "rollback.onIncident";
        if (node is null || Scalar(node, path) is not { } text)
        {
            return IncidentAction.Pause;
        }
        switch (text)
        {
            case "pause":
                return IncidentAction.Pause;
            case "rollback":
                return IncidentAction.Rollback;
            default:
                Error(node, path, $"expected pause or rollback, found '{text}'");
                return IncidentAction.Pause;
        }
    }
}

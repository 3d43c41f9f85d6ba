using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases;

/// <summary>Which service a release belongs to, the same wherever releases are grouped by service.</summary>
public static class ReleaseServiceName
{
    /// <summary>The plan's <c>service:</c>, or the template's name when the plan names none.</summary>
    public static string Of(ReleaseRecord record) =>
        JsonSerializer.Deserialize<ReleasePlan>(record.Plan, JournalJson.Options)?.Service ?? record.TemplateName;
}

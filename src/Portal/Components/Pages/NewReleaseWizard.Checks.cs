using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Gates;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>What the wizard checks before the plan preview, so a start cannot send the user back a step.</summary>
public partial class NewReleaseWizard
{
    [Inject]
    public required QuarantineService Quarantine { get; init; }

    /// <summary>
    /// The templates a person can start. The imported demo history's template names targets nobody has: choosing it
    /// could only fail, so it stays on the Templates page and out of the wizard.
    /// </summary>
    private static List<TemplateRecord> Startable(IReadOnlyList<TemplateRecord> templates) =>
        templates.Where(t => t.Name != DemoHistory.TemplateName).ToList();

    /// <summary>
    /// The quarantine message for the version about to be previewed, or null. The release service refuses a
    /// quarantined version at start too; saying so here keeps the user from reading a plan that cannot run.
    /// </summary>
    private async Task<string?> QuarantineErrorAsync(PlanPreview preview, string version)
    {
        var service = preview.Compiled?.Plan?.Service ?? preview.Template?.Service ?? _chosen;
        if (service is null || await Quarantine.FindAsync(service, version) is not { } mark)
        {
            return null;
        }
        return QuarantineService.Describe(mark) + " Lift the quarantine or release another version.";
    }
}

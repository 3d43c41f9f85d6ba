using PortalRelease.Portal.Components.Model;

namespace PortalRelease.Portal.Components.Pages;

public sealed partial class ReleasePage
{
    /// <summary>The component step <paramref name="index"/> belongs to, naming it beside each step a train has in flight.</summary>
    private static string? ComponentOf(ReleaseLive live, int index) =>
        live.Plan.Steps().FirstOrDefault(s => s.Index == index).Stage?.Component;
}

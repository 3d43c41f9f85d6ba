using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Identity;

namespace PortalRelease.Portal.Components.Layout;

/// <summary>
/// The menu. The Nodes link shows only to those who may open the page (<see cref="ClusterStatus.MayReadAsync"/>), and
/// follows the circuit's user when it changes (the development picker, a new sign-in state).
/// </summary>
public sealed partial class NavMenu : IDisposable
{
    private bool _canSeeNodes;

    [Inject]
    public required ClusterStatus Cluster { get; init; }

    [Inject]
    public required RequestAuditActor Auditor { get; init; }

    [Inject]
    public required CurrentActor Actor { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Actor.Changed += OnActorChanged;
        await DecideAsync();
    }

    private async Task DecideAsync() => _canSeeNodes = (await Cluster.MayReadAsync(Auditor.Current)).Allowed;

    private void OnActorChanged() => _ = InvokeAsync(async () =>
    {
        await DecideAsync();
        StateHasChanged();
    });

    public void Dispose() => Actor.Changed -= OnActorChanged;
}

using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Identity.Access;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>
/// The Nodes panel: <see cref="ClusterStatus"/> read every two seconds while the page is open, for operators and admins
/// (<see cref="ClusterStatus.MayReadAsync"/>); anyone else reads why not, and nothing is polled for them.
/// </summary>
public sealed partial class Nodes
{
    private const int MaxLeaseRows = 200;
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _closed = new();
    private ClusterSnapshot? _snapshot;
    private string? _error;

    // Why the signed-in user may not see the nodes, or null.
    private string? _forbidden;

    [Inject]
    public required ClusterStatus Status { get; init; }

    [Inject]
    public required RequestAuditActor Auditor { get; init; }

    [Inject]
    public required ILogger<Nodes> Logger { get; init; }

    // Lost holders first: those are the releases waiting for a take-over.
    private IEnumerable<LeaseView> VisibleLeases => (_snapshot?.Leases ?? [])
        .OrderBy(l => l.ExpiresInMs ?? long.MaxValue).ThenBy(l => l.ReleaseId, StringComparer.Ordinal).Take(MaxLeaseRows);

    protected override async Task OnInitializedAsync()
    {
        var closed = _closed.Token;
        await LoadAsync(closed);
        if (_forbidden is null)
        {
            _ = RefreshAsync(closed);
        }
    }

    private async Task RefreshAsync(CancellationToken closed)
    {
        using var timer = new PeriodicTimer(Refresh);
        try
        {
            while (await timer.WaitForNextTickAsync(closed))
            {
                await InvokeAsync(async () =>
                {
                    await LoadAsync(closed);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task LoadAsync(CancellationToken closed)
    {
        try
        {
            _snapshot = await Status.ReadAsync(Auditor.Current, closed);
            _error = null;
        }
        catch (AccessDeniedException denied)
        {
            // Also when a grant is revoked while the page is open: what was shown goes with it.
            _forbidden = denied.Message;
            _snapshot = null;
            await _closed.CancelAsync();
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
        }
        catch (DbException error)
        {
            // The database is away: say so and keep the last picture, which is what an operator needs during an outage.
            Logger.LogWarning(error, "Could not read the cluster's state");
            _error = "The database does not answer, so the nodes' state cannot be read; what is shown is the last state read" +
                (_snapshot is null ? " (none yet)." : ".");
        }
    }

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }

    private static Color StateColor(NodeState state) => state switch
    {
        NodeState.Alive => Color.Success,
        NodeState.Lost => Color.Error,
        _ => Color.Default,
    };

    private static string Describe(string hash) => hash.Length == 0 ? "missing" : $"at {hash[..Math.Min(12, hash.Length)]}…";

    private static string Ago(long ms) => Duration(ms) + " ago";

    private static string Duration(long ms) => ms switch
    {
        < 1_000 => ms.ToString(CultureInfo.InvariantCulture) + " ms",
        < 120_000 => (ms / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + " s",
        < 7_200_000 => (ms / 60_000).ToString(CultureInfo.InvariantCulture) + " min",
        _ => (ms / 3_600_000).ToString(CultureInfo.InvariantCulture) + " h",
    };
}

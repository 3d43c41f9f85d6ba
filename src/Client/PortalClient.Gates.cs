using System.Net.Http.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/releases/{id}/gates</c>: the release's approval steps, the window it waits for and the overrides made.</summary>
    public async Task<ReleaseGatesView> GetGatesAsync(string id, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, $"api/releases/{Uri.EscapeDataString(id)}/gates");
        return await SendAsync<ReleaseGatesView>(message, cancellationToken);
    }

    /// <summary><c>GET /api/approvals</c>: the open approvals the caller may answer, across releases.</summary>
    public async Task<IReadOnlyList<PendingApprovalView>> ListPendingApprovalsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/approvals");
        return await SendAsync<List<PendingApprovalView>>(message, cancellationToken);
    }

    /// <summary><c>GET /api/quarantine</c>: the versions quarantined now (no release may ship them), newest first.</summary>
    public async Task<IReadOnlyList<QuarantineView>> ListQuarantinedAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/quarantine");
        return await SendAsync<List<QuarantineView>>(message, cancellationToken);
    }

    /// <summary><c>GET /api/quarantine/history</c>: every quarantine and lift, oldest first.</summary>
    public async Task<IReadOnlyList<QuarantineView>> ListQuarantineHistoryAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/quarantine/history");
        return await SendAsync<List<QuarantineView>>(message, cancellationToken);
    }

    /// <summary>
    /// <c>POST /api/quarantine</c>: keeps a version of a service out of every release until it is lifted. A version
    /// quarantined already is a 409 <see cref="PortalApiException"/>.
    /// </summary>
    public async Task<QuarantineView> QuarantineAsync(QuarantineRequest request, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, "api/quarantine");
        message.Content = JsonContent.Create(request, options: ContractJson.Options);
        return await SendAsync<QuarantineView>(message, cancellationToken);
    }

    /// <summary><c>POST /api/quarantine/{service}/{version}/lift</c>: lets the version ship again; the answer is the lift's record.</summary>
    public async Task<QuarantineView> LiftQuarantineAsync(string service, string version, string reason, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, $"api/quarantine/{Uri.EscapeDataString(service)}/{Uri.EscapeDataString(version)}/lift");
        message.Content = JsonContent.Create(new LiftQuarantineRequest(reason), options: ContractJson.Options);
        return await SendAsync<QuarantineView>(message, cancellationToken);
    }
}

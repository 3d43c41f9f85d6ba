using System.Net.Http.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/releases</c>: the newest releases the caller may see (the portal answers at most 200), newest first.</summary>
    public async Task<IReadOnlyList<ReleaseView>> ListReleasesAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/releases");
        return await SendAsync<List<ReleaseView>>(message, cancellationToken);
    }

    /// <summary><c>POST /api/releases/{id}/pause</c>: holds the release where it is until someone resumes it.</summary>
    public Task<ReleaseCommandResponse> PauseReleaseAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        CommandAsync(id, "pause", new ReleaseCommandRequest(reason), cancellationToken);

    /// <summary><c>POST /api/releases/{id}/resume</c>: goes on after a pause (a person's or a template's).</summary>
    public Task<ReleaseCommandResponse> ResumeReleaseAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        CommandAsync(id, "resume", new ReleaseCommandRequest(reason), cancellationToken);

    /// <summary><c>POST /api/releases/{id}/abort</c>: stops the release and puts the targets back; it ends Aborted.</summary>
    public Task<ReleaseCommandResponse> AbortReleaseAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        CommandAsync(id, "abort", new ReleaseCommandRequest(reason), cancellationToken);

    /// <summary><c>POST /api/releases/{id}/rollback</c>: returns the targets to the version before; it ends RolledBack.</summary>
    public Task<ReleaseCommandResponse> RollbackReleaseAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        CommandAsync(id, "rollback", new ReleaseCommandRequest(reason), cancellationToken);

    /// <summary><c>POST /api/releases/{id}/approve</c>: the caller's approval of the gate the release waits at.</summary>
    public Task<ReleaseCommandResponse> ApproveReleaseAsync(string id, string? comment = null, CancellationToken cancellationToken = default) =>
        CommandAsync(id, "approve", new ApprovalRequest(comment), cancellationToken);

    /// <summary><c>POST /api/releases/{id}/reject</c>: the caller's rejection; the portal wants a comment saying why.</summary>
    public Task<ReleaseCommandResponse> RejectReleaseAsync(string id, string? comment, CancellationToken cancellationToken = default) =>
        CommandAsync(id, "reject", new ApprovalRequest(comment), cancellationToken);

    /// <summary><c>POST /api/releases/{id}/override</c>: deploys now past a closed window or a frozen error budget.</summary>
    public Task<ReleaseCommandResponse> OverrideGateAsync(string id, string gate, string reason, CancellationToken cancellationToken = default) =>
        CommandAsync(id, "override", new OverrideRequest(gate, reason), cancellationToken);

    private async Task<ReleaseCommandResponse> CommandAsync<TBody>(string id, string command, TBody body, CancellationToken cancellationToken)
    {
        using var message = Request(HttpMethod.Post, $"api/releases/{Uri.EscapeDataString(id)}/{command}");
        // Always a JSON body, even {}: nulls are left out, and the portal reads a body only when one is sent.
        message.Content = JsonContent.Create(body, options: ContractJson.Options);
        return await SendAsync<ReleaseCommandResponse>(message, cancellationToken);
    }
}

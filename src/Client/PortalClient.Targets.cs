using System.Net.Http.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/targets</c>: every deployment target, with which secrets are set (never their values).</summary>
    public async Task<IReadOnlyList<TargetView>> ListTargetsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/targets");
        return await SendAsync<List<TargetView>>(message, cancellationToken);
    }

    /// <summary><c>GET /api/targets/{name}</c>: one target (a 404 <see cref="PortalApiException"/> when there is none).</summary>
    public async Task<TargetView> GetTargetAsync(string name, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, $"api/targets/{Uri.EscapeDataString(name)}");
        return await SendAsync<TargetView>(message, cancellationToken);
    }

    /// <summary>
    /// <c>POST /api/targets</c>: creates a target. Input the portal refuses throws <see cref="PortalApiException"/> whose
    /// <see cref="PortalApiException.TargetErrors"/> name each wrong value by JSON pointer (<c>/settings/url</c>).
    /// </summary>
    public async Task<TargetView> CreateTargetAsync(TargetRequest target, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, "api/targets");
        message.Content = JsonContent.Create(target, options: ContractJson.Options);
        return await SendAsync<TargetView>(message, cancellationToken);
    }

    /// <summary>
    /// <c>PUT /api/targets/{name}</c>: changes a target's settings, secrets or labels (its name and kind stay). A secret
    /// left out of <see cref="TargetRequest.Secrets"/> keeps its value; refused input as for <see cref="CreateTargetAsync"/>.
    /// </summary>
    public async Task<TargetView> UpdateTargetAsync(string name, TargetRequest target, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Put, $"api/targets/{Uri.EscapeDataString(name)}");
        message.Content = JsonContent.Create(target, options: ContractJson.Options);
        return await SendAsync<TargetView>(message, cancellationToken);
    }

    /// <summary><c>DELETE /api/targets/{name}</c>: removes a target (a 409 <see cref="PortalApiException"/> while a template or release uses it).</summary>
    public async Task DeleteTargetAsync(string name, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Delete, $"api/targets/{Uri.EscapeDataString(name)}");
        await SendAsync(message, cancellationToken);
    }

    /// <summary>
    /// <c>POST /api/targets/{name}/test</c>: asks the target's driver for its status with the stored settings and
    /// credentials. A test that ran and failed is a result (<see cref="TargetTestResultView.Ok"/> false), not an exception.
    /// </summary>
    public async Task<TargetTestResultView> TestTargetAsync(string name, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, $"api/targets/{Uri.EscapeDataString(name)}/test");
        return await SendAsync<TargetTestResultView>(message, cancellationToken);
    }

    /// <summary>
    /// <c>GET /api/targets/{name}/dry-run</c>: what applying <paramref name="version"/> to <paramref name="cohort"/> (canary,
    /// stable, mirror, preview, previous) would do now, as the driver plans it; nothing is changed. Left out, the portal
    /// picks the cohort (canary), the weight (the cohort's usual), the strategy (canary) and a fresh idempotency key.
    /// </summary>
    public async Task<DryRunView> DryRunTargetAsync(
        string name, string version, string? cohort = null, int? weight = null, string? strategy = null, string? key = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string> { "version=" + Uri.EscapeDataString(version) };
        if (cohort is not null)
        {
            query.Add("cohort=" + Uri.EscapeDataString(cohort));
        }
        if (weight is { } w)
        {
            query.Add("weight=" + w.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (strategy is not null)
        {
            query.Add("strategy=" + Uri.EscapeDataString(strategy));
        }
        if (key is not null)
        {
            query.Add("key=" + Uri.EscapeDataString(key));
        }
        using var message = Request(HttpMethod.Get, $"api/targets/{Uri.EscapeDataString(name)}/dry-run?{string.Join('&', query)}");
        return await SendAsync<DryRunView>(message, cancellationToken);
    }
}

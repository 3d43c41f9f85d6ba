using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary>
    /// <c>POST /api/webhooks/alertmanager</c>: delivers an Alertmanager webhook payload (version 4) as Alertmanager would;
    /// the portal pauses or rolls back the releases of the services its firing alerts name. The payload stays raw JSON
    /// (it is Alertmanager's format, not the portal's). A payload the portal cannot accept is a 400 whose
    /// <see cref="PortalApiException.FieldErrors"/> name each bad field; nothing of it is recorded then.
    /// </summary>
    public async Task<IncidentOutcomeView> SendAlertmanagerWebhookAsync(JsonElement payload, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, "api/webhooks/alertmanager");
        message.Content = JsonContent.Create(payload);
        return await SendAsync<IncidentOutcomeView>(message, cancellationToken);
    }

    /// <summary><c>GET /api/incidents</c>: the alerts received (the newest 500), newest first.</summary>
    public async Task<IReadOnlyList<IncidentView>> ListIncidentsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/incidents");
        return await SendAsync<List<IncidentView>>(message, cancellationToken);
    }
}

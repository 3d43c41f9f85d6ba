using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Sdk;

namespace Samples.HttpWebhook;

/// <summary>
/// A generic HTTP target. Each apply or rollback is one <c>POST {url}</c> with a JSON <see cref="DeploymentRequest"/>
/// and the idempotency key in the <c>Idempotency-Key</c> header; the endpoint does the deployment. A 2xx answer
/// means done; the endpoint marks a replayed key with <c>Idempotent-Replayed: true</c> (the driver then reports
/// AlreadyApplied). 408, 409, 425, 429 and 5xx are transient failures; other statuses are permanent ones.
/// <c>GET {url}</c> answers a <see cref="StatusResponse"/>. A rollback without <c>toVersion</c> means the target ran
/// nothing before the release: the endpoint must remove the release's version entirely and report no stable version
/// afterwards, or answer an error status when it cannot (the portal then reports the release not rolled back).
/// </summary>
internal sealed class HttpWebhookDriver : ITargetDriver, IDisposable
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    private readonly HttpClient _http;

    public HttpWebhookDriver(HttpMessageHandler? handler = null)
    {
        // Timeouts are per call and per target (settings), so the client's own timeout is off.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string Kind => HttpWebhookPlugin.Kind;

    public string DisplayName => "HTTP webhook";

    public DriverCapabilities Capabilities =>
        DriverCapabilities.WeightedCanary | DriverCapabilities.AllAtOnce | DriverCapabilities.Rollback;

    public string SettingsSchema => WebhookSettings.Schema;

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        var errors = new List<SettingsError>();
        WebhookSettings.Read(settings, errors);
        return ValueTask.FromResult<IReadOnlyList<SettingsError>>(errors);
    }

    public Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken)
    {
        if (request.Weight is < 0 or > 100)
        {
            throw new DriverException($"Weight {request.Weight} is out of range: a weight is a percentage from 0 to 100.");
        }

        if (request.Cohort is not (Cohorts.Canary or Cohorts.Stable))
        {
            throw new DriverException($"Unknown cohort '{request.Cohort}': the webhook applies versions to '{Cohorts.Canary}' or '{Cohorts.Stable}'.");
        }

        return PostAsync(target, request.IdempotencyKey, new DeploymentRequest
        {
            Action = "apply",
            Target = target.Name,
            ReleaseId = request.ReleaseId,
            Version = request.Version,
            Cohort = request.Cohort,
            Weight = request.Weight,
        }, cancellationToken);
    }

    public Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken) =>
        PostAsync(target, request.IdempotencyKey, new DeploymentRequest
        {
            Action = "rollback",
            Target = target.Name,
            ReleaseId = request.ReleaseId,
            FromVersion = request.FromVersion,
            ToVersion = request.ToVersion,
        }, cancellationToken);

    public async Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken)
    {
        var settings = WebhookSettings.Parse(target);
        using var message = new HttpRequestMessage(HttpMethod.Get, settings.Url);
        using var response = await SendAsync(target, settings, message, cancellationToken);
        StatusResponse? status;
        try
        {
            status = await response.Content.ReadFromJsonAsync(WebhookJson.Default.StatusResponse, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new DriverException($"GET {settings.Url} did not answer a status JSON object: {ex.Message}", ex);
        }

        if (status is null)
        {
            throw new DriverException($"GET {settings.Url} answered 'null' instead of a status object.");
        }

        return new TargetStatus
        {
            StableVersion = status.StableVersion,
            CanaryVersion = status.CanaryVersion,
            CanaryWeight = status.CanaryWeight,
            Ready = status.Ready,
            Health = ParseHealth(status.Health),
            Detail = status.Detail,
        };
    }

    public void Dispose() => _http.Dispose();

    private async Task<ApplyResult> PostAsync(TargetContext target, string key, DeploymentRequest body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new DriverException("The idempotency key must not be empty.");
        }

        var settings = WebhookSettings.Parse(target);
        using var message = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = JsonContent.Create(body, WebhookJson.Default.DeploymentRequest),
        };
        message.Headers.Add(IdempotencyHeader, key);
        using var response = await SendAsync(target, settings, message, cancellationToken);

        var replayed = response.Headers.TryGetValues(ReplayedHeader, out var values)
            && values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase));
        var what = body.Action == "apply"
            ? $"{body.Cohort} {body.Version} at {body.Weight}%"
            : $"rollback of {body.FromVersion} to {body.ToVersion ?? "nothing (the target ran no version before)"}";
        return replayed
            ? ApplyResult.AlreadyApplied($"{settings.Url.Host} had already done the {what} for key '{key}'.")
            : ApplyResult.Applied($"{settings.Url.Host} accepted the {what} ({(int)response.StatusCode}).");
    }

    private async Task<HttpResponseMessage> SendAsync(TargetContext target, WebhookSettings settings, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        if (target.Secrets.TryGetValue("token", out var token))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DriverException($"{message.Method} {settings.Url} did not answer within {settings.TimeoutSeconds:0.###} s.") { IsTransient = true };
        }
        catch (HttpRequestException ex)
        {
            throw new DriverException($"{message.Method} {settings.Url} failed: {ex.Message}", ex) { IsTransient = true };
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var excerpt = text.Length > 300 ? text[..300] + "…" : text;
            var code = (int)response.StatusCode;
            throw new DriverException($"{message.Method} {settings.Url} answered {code} {response.ReasonPhrase}: {excerpt}".TrimEnd(' ', ':'))
            {
                IsTransient = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict
                    or HttpStatusCode.TooManyRequests || code is 425 or >= 500,
            };
        }
    }

    private static TargetHealth ParseHealth(string? health) => health?.ToLowerInvariant() switch
    {
        "healthy" => TargetHealth.Healthy,
        "degraded" => TargetHealth.Degraded,
        "unhealthy" => TargetHealth.Unhealthy,
        _ => TargetHealth.Unknown,
    };
}

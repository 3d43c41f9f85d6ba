using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using PortalRelease.Plugins.Cdn.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn.Api;

/// <summary>
/// Sends one request to the Fastly API (https://www.fastly.com/documentation/reference/api/) with the target's token in
/// <c>Fastly-Key</c>, form-encoded bodies as the API documents, a per-request timeout and bounded retries
/// (<see cref="FastlyRetryPolicy"/>). Every failure becomes a <see cref="DriverException"/> naming the step and the
/// service, never the token.
/// </summary>
internal sealed partial class FastlyClient : IDisposable
{
    // One client per plugin load, not a static: a static would outlive an unloaded plugin's load context.
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
    })
    {
        // Each request has its own timeout from the target's settings.
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = 16 * 1024 * 1024,
    };

    private readonly TimeProvider _time;
    private readonly IHostPolicy _policy;

    public FastlyClient(TimeProvider time, IHostPolicy policy)
    {
        _time = time;
        _policy = policy;
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> SendAsync(
        FastlySettings settings, HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? form, string what,
        CancellationToken cancellationToken, (string Name, string Value)? header = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (result, retryAfter, failure) = await SendOnceAsync(settings, method, path, form, what, header, attempt, cancellationToken);
            if (failure is null)
            {
                return result;
            }

            if (retryAfter is not { } delay || attempt >= settings.MaxRetries)
            {
                throw failure;
            }

            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private async Task<(JsonElement Result, TimeSpan? RetryAfter, DriverException? Failure)> SendOnceAsync(
        FastlySettings settings, HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? form, string what,
        (string Name, string Value)? header, int attempt, CancellationToken cancellationToken)
    {
        // apiUrl is a user's setting: asked at every request, so a policy tightened after the target was saved (or a
        // target saved before the policy existed) sends the token nowhere.
        var destination = new Uri(settings.ApiUrl, path);
        if (_policy.CheckEndpoint(CdnPlugin.Kind, destination) is { } refused)
        {
            throw new DriverException($"Fastly apiUrl of service {settings.ServiceId} is not allowed: {refused}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        // A request that may have reached Fastly is repeated only when repeating it is harmless: never a POST.
        var repeatable = method != HttpMethod.Post;
        try
        {
            using var request = new HttpRequestMessage(method, destination);
            request.Headers.TryAddWithoutValidation("Fastly-Key", settings.ApiToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (header is { } extra)
            {
                request.Headers.TryAddWithoutValidation(extra.Name, extra.Value);
            }

            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }

            using var response = await _http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return (Parse(body, what, settings), null, null);
            }

            var failure = HttpError(response, body, what, settings);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = FastlyRetryPolicy.Delay(response, attempt, _time.GetUtcNow());
                if (wait > FastlyRetryPolicy.MaxWait)
                {
                    return (default, null, new DriverException(
                        $"Fastly's API rate limit is used up (service {settings.ServiceId}, while {what}) until {_time.GetUtcNow().Add(wait):u}; the step is retried later.")
                    { IsTransient = true });
                }

                return (default, wait, failure);
            }

            return (default, status >= 500 && repeatable ? FastlyRetryPolicy.Backoff(attempt) : null, failure);
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = new DriverException(
                $"Fastly did not answer within {settings.Timeout.TotalSeconds:0.###} s (timeoutSeconds) while {what} (service {settings.ServiceId}).", error)
            { IsTransient = true };
            return (default, repeatable ? FastlyRetryPolicy.Backoff(attempt) : null, failure);
        }
        catch (HttpRequestException error)
        {
            var failure = new DriverException($"The Fastly API at {settings.ApiUrl.GetLeftPart(UriPartial.Authority)} is unreachable while {what}: {Reason(error)}.", error)
            { IsTransient = true };
            return (default, repeatable ? FastlyRetryPolicy.Backoff(attempt) : null, failure);
        }
    }

    private static JsonElement Parse(string body, string what, FastlySettings settings)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new DriverException($"Fastly answered with something that is not JSON while {what} (service {settings.ServiceId}). Is apiUrl the Fastly API?");
        }
    }

    private static FastlyApiException HttpError(HttpResponseMessage response, string body, string what, FastlySettings settings)
    {
        var status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        var said = "";
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var msg = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("msg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var detail = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            said = string.Join(": ", new[] { msg, detail }.Where(s => !string.IsNullOrWhiteSpace(s)));
        }
        catch (JsonException)
        {
            // Not JSON: the status says enough.
        }

        var hint = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => " Check the target's apiToken secret: Fastly does not accept it.",
            HttpStatusCode.Forbidden => " The apiToken lacks a scope or access to this service: it needs the global scope (and purge_all or purge_select to purge).",
            HttpStatusCode.NotFound => " Check serviceId.",
            _ when (int)response.StatusCode is >= 300 and < 400 => " Point apiUrl at the final address; redirects are not followed.",
            _ => "",
        };
        // Fastly does not echo the key, but an answer from a proxy in between might: it never reaches a message.
        said = said.Replace(settings.ApiToken, "***", StringComparison.Ordinal);
        var text = $"Fastly answered {status} while {what} (service {settings.ServiceId}){(said.Length > 0 ? ": " + said : "")}.{hint}";
        return new FastlyApiException(text, response.StatusCode)
        {
            IsTransient = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        };
    }

    private static string Reason(HttpRequestException error) => error.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "its host name does not resolve",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        _ when error.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        _ when error.InnerException is SocketException socket => socket.Message,
        _ => error.Message,
    };

    private static string Service(FastlySettings settings) => "service/" + Uri.EscapeDataString(settings.ServiceId);

    private static string Version(FastlySettings settings, int version) => $"{Service(settings)}/version/{version}";
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PortalRelease.Plugins.Prometheus.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Http;

/// <summary>
/// Posts queries to Prometheus' HTTP API (<c>/api/v1/query</c>, <c>/api/v1/query_range</c>) as forms, so long
/// PromQL never meets a URL length limit. Every failure becomes a <see cref="DriverException"/> that names the
/// server without its credentials and the metric being measured.
/// </summary>
internal sealed class PrometheusClient : IDisposable
{
    // One client per plugin load, not a static: a static would outlive an unloaded plugin's load context. Connections
    // are pooled per server and recycled so DNS changes are seen.
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
    })
    {
        // Each call has its own timeout from the target's settings.
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = 32 * 1024 * 1024,
    };

    /// <summary>Runs one query and returns its series.</summary>
    public async Task<IReadOnlyList<PromSeries>> QueryAsync(
        PrometheusSettings settings, string endpoint, IReadOnlyList<KeyValuePair<string, string>> form, string metric, CancellationToken cancellationToken)
    {
        var server = Display(settings.Url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(WithoutUserInfo(settings.Url), endpoint))
            {
                Content = new FormUrlEncodedContent(form),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (settings.BearerToken is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            else if (settings.Url.UserInfo.Length > 0)
            {
                var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(settings.Url.UserInfo)));
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
            }
            using var response = await _http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var root = TryParse(body);
            if (!response.IsSuccessStatusCode)
            {
                throw root is { } json && PromResponseReader.ReadError(json) is { } error
                    ? PromResponseReader.ToException(error, metric)
                    : HttpError(response, server, metric);
            }
            return root is { } answer ? PromResponseReader.ReadSeries(answer, metric, server) : throw PromResponseReader.NotPrometheus(server, metric);
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DriverException(
                $"Prometheus at {server} did not answer the query for {metric} within {settings.Timeout.TotalSeconds:0.###} s (prometheus.timeoutSeconds).", error)
            { IsTransient = true };
        }
        catch (HttpRequestException error)
        {
            throw new DriverException($"Prometheus at {server} is unreachable for the query of {metric}: {Reason(error)}.", error) { IsTransient = true };
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The server as shown to people: scheme, host, port and path, never user information.</summary>
    public static string Display(Uri url) => url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static Uri WithoutUserInfo(Uri url) => new UriBuilder(url) { UserName = "", Password = "" }.Uri;

    private static JsonElement? TryParse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DriverException HttpError(HttpResponseMessage response, string server, string metric)
    {
        var status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        var hint = response.StatusCode switch
        {
            HttpStatusCode.NotFound => " Is prometheus.url the server's root, e.g. http://prometheus:9090?",
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " Check the credentials in prometheus.url.",
            _ when (int)response.StatusCode is >= 300 and < 400 => " Point prometheus.url at the final address; redirects are not followed.",
            _ => "",
        };
        var transient = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
        return new DriverException($"Prometheus at {server} answered {status} to the query for {metric}.{hint}") { IsTransient = transient };
    }

    private static string Reason(HttpRequestException error) => error.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "its host name does not resolve",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.ConfigurationLimitExceeded => "the answer is larger than 32 MB",
        _ when error.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        _ when error.InnerException is SocketException socket => socket.Message,
        _ => error.Message,
    };
}

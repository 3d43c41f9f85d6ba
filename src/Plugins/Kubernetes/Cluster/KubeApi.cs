using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Cluster;

/// <summary>
/// Every call the driver makes to the API server goes through here: 429 answers are retried after their
/// <c>Retry-After</c>, 409 conflicts surface as <see cref="ConflictException"/> for the optimistic loops, and every other
/// failure becomes a <see cref="DriverException"/> an operator can act on.
/// </summary>
internal sealed partial class KubeApi : IDisposable
{
    /// <summary>How many times one call is tried when the server throttles it.</summary>
    public const int MaxThrottledAttempts = 5;

    /// <summary>How many times a read-modify-replace is retried after a conflict.</summary>
    public const int MaxConflictAttempts = 5;

    /// <summary>
    /// How long one request (not a watch) may take: an API server that accepts the connection and never answers is
    /// reported by the driver, naming it, well inside the portal's per-call timeout.
    /// </summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;

    public KubeApi(IKubernetes client, string ns, TimeProvider time)
    {
        Client = client;
        Namespace = ns;
        _time = time;
    }

    public IKubernetes Client { get; }

    public string Namespace { get; }

    public void Dispose() => Client.Dispose();

    /// <summary>Runs one API call, waiting out throttling.</summary>
    public async Task<T> CallAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var bound = new CancellationTokenSource(RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
            try
            {
                return await call(linked.Token);
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxThrottledAttempts)
            {
                await Task.Delay(RetryAfter(ex), _time, cancellationToken);
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Conflict)
            {
                throw new ConflictException(what, StatusMessage(ex), ex);
            }
            catch (HttpOperationException ex)
            {
                throw Failure(what, ex);
            }
            catch (HttpRequestException ex)
            {
                throw new DriverException($"{what}: the API server could not be reached ({ex.Message}).", ex) { IsTransient = true };
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DriverException($"{what}: the API server at {Client.BaseUri} did not answer within {RequestTimeout.TotalSeconds:0} s.", ex) { IsTransient = true };
            }
        }
    }

    /// <summary>Runs a read whose 404 means "absent".</summary>
    public async Task<T?> TryReadAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await CallAsync(what, call, cancellationToken);
        }
        catch (DriverException ex) when (ex.InnerException is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound })
        {
            return null;
        }
    }

    /// <summary>
    /// Reads, changes and replaces one object under optimistic concurrency: a 409 means someone else wrote in between,
    /// so the object is read again and the change re-applied to what is there now.
    /// </summary>
    /// <param name="mutate">Changes the object in place; returns false when it already is as wanted (nothing is written).</param>
    public async Task<T> UpdateAsync<T>(string what, Func<CancellationToken, Task<T>> read, Func<T, bool> mutate, Func<T, CancellationToken, Task<T>> replace, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await CallAsync("Reading " + what, read, cancellationToken);
            if (!mutate(current))
            {
                return current;
            }

            try
            {
                return await CallAsync("Updating " + what, ct => replace(current, ct), cancellationToken);
            }
            catch (ConflictException) when (attempt < MaxConflictAttempts)
            {
                // Someone else wrote in between: read what is there now and apply the change to it.
            }
            catch (ConflictException ex)
            {
                throw new DriverException($"Updating {what} conflicted with other writers {MaxConflictAttempts} times in a row: {ex.Message}", ex) { IsTransient = true };
            }
        }
    }

    /// <summary>How long a 429 asks the client to wait, capped.</summary>
    public TimeSpan RetryAfter(HttpOperationException ex)
    {
        var header = ex.Response?.Headers is { } headers && headers.TryGetValue("Retry-After", out var values) ? values.FirstOrDefault() : null;
        if (int.TryParse(header, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds) < MaxRetryAfter ? TimeSpan.FromSeconds(seconds) : MaxRetryAfter;
        }

        if (DateTimeOffset.TryParse(header, out var at))
        {
            var wait = at - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait < MaxRetryAfter ? wait : MaxRetryAfter;
        }

        // No hint: the API server's own default for a throttled client.
        return TimeSpan.FromSeconds(1);
    }

    /// <summary>An API error as an operator reads it.</summary>
    public static DriverException Failure(string what, HttpOperationException ex)
    {
        var status = ex.Response?.StatusCode;
        var message = StatusMessage(ex);
        return status switch
        {
            HttpStatusCode.NotFound => new DriverException($"{what}: not found ({message}).", ex),
            HttpStatusCode.Unauthorized => new DriverException($"{what}: the API server did not accept the credentials ({message}).", ex),
            HttpStatusCode.Forbidden => new DriverException($"{what}: forbidden — the service account lacks the RBAC permission ({message}).", ex),
            HttpStatusCode.TooManyRequests => new DriverException($"{what}: the API server kept throttling after {MaxThrottledAttempts} attempts.", ex) { IsTransient = true },
            >= HttpStatusCode.InternalServerError => new DriverException($"{what}: the API server failed ({(int)status}: {message}).", ex) { IsTransient = true },
            _ => new DriverException($"{what}: the API server refused the request ({(int?)status}: {message}).", ex),
        };
    }

    /// <summary>The message of the Status object the API server sends with an error, or the HTTP reason.</summary>
    private static string StatusMessage(HttpOperationException ex)
    {
        var content = ex.Response?.Content;
        if (!string.IsNullOrWhiteSpace(content))
        {
            try
            {
                using var document = JsonDocument.Parse(content);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString()!;
                }
            }
            catch (JsonException)
            {
                // Not a Status object: fall back to the reason phrase.
            }
        }

        return ex.Response?.ReasonPhrase ?? ex.Message;
    }
}

/// <summary>The API server refused a write because the object changed since it was read (409 Conflict).</summary>
internal sealed class ConflictException(string what, string message, Exception inner) : Exception($"{what}: {message}", inner);

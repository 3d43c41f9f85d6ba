using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Samples.HttpWebhook.Tests;

/// <summary>One request as the endpoint received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string? IdempotencyKey, string? Authorization, string? ContentType, string Body);

/// <summary>
/// A deployment endpoint on real Kestrel over loopback that follows the webhook protocol: POST deploys (a replayed
/// Idempotency-Key answers 200 with Idempotent-Replayed: true and changes nothing), GET answers the status.
/// Records every request exactly as received; <see cref="Intercept"/> injects failures.
/// </summary>
internal sealed class FakeDeployEndpoint : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly HashSet<string> _keys = [];
    private WebApplication? _app;
    private string? _stable;
    private string? _canary;
    private int _weight;
    private int _changes;

    public Uri Url { get; private set; } = null!;

    /// <summary>Answers a request instead of the protocol when it returns true.</summary>
    public Func<HttpContext, Task<bool>>? Intercept { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) { return _requests.ToList(); } }
    }

    /// <summary>The routing and how many changes were made: what must not move when nothing should change.</summary>
    public string Snapshot()
    {
        lock (_gate)
        {
            return $"stable={_stable} canary={_canary} weight={_weight} changes={_changes}";
        }
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Map("/deploy", HandleAsync);
        await _app.StartAsync();
        Url = new Uri(new Uri(_app.Urls.Single()), "/deploy");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var key = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(
                context.Request.Method, context.Request.Path, key, context.Request.Headers.Authorization.FirstOrDefault(), context.Request.ContentType, body));
        }

        if (Intercept is { } intercept && await intercept(context))
        {
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.WriteAsJsonAsync(StatusBody());
            return;
        }

        if (string.IsNullOrEmpty(key))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("missing Idempotency-Key");
            return;
        }

        context.Response.StatusCode = Apply(key, JsonDocument.Parse(body).RootElement);
        if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }
    }

    private int Apply(string key, JsonElement request)
    {
        lock (_gate)
        {
            if (!_keys.Add(key))
            {
                return StatusCodes.Status200OK;
            }

            _changes++;
            var version = request.TryGetProperty("version", out var v) ? v.GetString() : null;
            if (request.GetProperty("action").GetString() == "rollback")
            {
                // No toVersion: the target ran nothing before the release, so nothing is left serving.
                _stable = request.TryGetProperty("toVersion", out var to) ? to.GetString() : null;
                (_canary, _weight) = (null, 0);
            }
            else if (request.GetProperty("cohort").GetString() == "stable")
            {
                (_stable, _canary, _weight) = (version, null, 0);
            }
            else
            {
                (_canary, _weight) = (version, request.GetProperty("weight").GetInt32());
            }

            return StatusCodes.Status201Created;
        }
    }

    private Dictionary<string, object?> StatusBody()
    {
        lock (_gate)
        {
            return new Dictionary<string, object?>
            {
                ["stableVersion"] = _stable,
                ["canaryVersion"] = _canary,
                ["canaryWeight"] = _weight,
                ["ready"] = true,
                ["health"] = "healthy",
                ["detail"] = $"{_changes} changes",
            };
        }
    }
}

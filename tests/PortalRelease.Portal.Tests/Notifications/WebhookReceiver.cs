using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PortalRelease.Portal.Tests.Notifications;

/// <summary>One request as it reached the receiver: the exact body bytes and every header.</summary>
internal sealed record ReceivedRequest(string Path, DateTimeOffset At, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredWith)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A webhook receiver on Kestrel at 127.0.0.1 on a free port. Each path answers from its script (status and
/// headers per attempt; 200 once the script runs out) and every request is recorded with its exact bytes.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly Dictionary<string, Queue<(int Status, string? RetryAfter)>> _scripts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _holds = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public Uri Url(string path) => new(Endpoint, path.TrimStart('/'));

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<ReceivedRequest> At(string path) => Requests.Where(r => r.Path == path).ToList();

    /// <summary>The next requests to <paramref name="path"/> are answered with these, in order.</summary>
    public void Script(string path, params (int Status, string? RetryAfter)[] answers)
    {
        lock (_lock)
        {
            _scripts[path] = new Queue<(int, string?)>(answers);
        }
    }

    /// <summary>
    /// The next request to <paramref name="path"/> is recorded and then left unanswered until the receiver is disposed:
    /// a receiver that hangs while its caller dies or freezes.
    /// </summary>
    public void HoldNext(string path)
    {
        lock (_lock)
        {
            _holds.Add(path);
        }
    }

    /// <summary>How long the receiver takes to answer each request (a real receiver's work), so senders overlap.</summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>Every request to <paramref name="path"/> from now on gets <paramref name="status"/>.</summary>
    public void Always(string path, int status) => Script(path, Enumerable.Repeat<(int, string?)>((status, null), 1000).ToArray());

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var path = context.Request.Path.Value ?? "/";
        (int Status, string? RetryAfter) answer = (200, null);
        bool hold;
        lock (_lock)
        {
            hold = _holds.Remove(path);
            if (_scripts.TryGetValue(path, out var script) && script.Count > 0)
            {
                answer = script.Dequeue();
            }
            _requests.Add(new ReceivedRequest(
                path,
                DateTimeOffset.UtcNow,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                buffer.ToArray(),
                answer.Status));
        }
        if (hold)
        {
            await _released.Task;
            return;
        }
        if (AnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(AnswerDelay, context.RequestAborted);
        }
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        }
        await context.Response.WriteAsync(answer.Status == 200 ? "ok" : $"scripted {answer.Status}");
    }

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

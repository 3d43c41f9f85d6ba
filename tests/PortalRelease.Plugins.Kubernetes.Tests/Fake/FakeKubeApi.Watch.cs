using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace PortalRelease.Plugins.Kubernetes.Tests.Fake;

public sealed partial class FakeKubeApi
{
    private readonly List<Watch> _watches = [];
    private readonly List<(string Path, TaskCompletionSource Opened)> _watchWaiters = [];
    private bool _disposed;

    /// <summary>Completes when a watch on the object is open (the driver is waiting on it).</summary>
    public Task WhenWatchedAsync(string path)
    {
        lock (_gate)
        {
            if (_watches.Any(w => w.Path == path))
            {
                return Task.CompletedTask;
            }

            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchWaiters.Add((path, opened));
            return opened.Task;
        }
    }

    /// <summary>
    /// Serves <c>GET collection?watch=true&amp;fieldSelector=metadata.name=X&amp;resourceVersion=N</c>: a chunked stream of
    /// JSON lines <c>{"type":"MODIFIED","object":{…}}</c>, starting with the current object when it is newer than N,
    /// until timeoutSeconds pass or the client goes away.
    /// </summary>
    private async Task WatchAsync(HttpContext context, string collection, RecordedRequest request)
    {
        var selector = request.QueryValues.TryGetValue("fieldSelector", out var f) ? f.ToString() : "";
        if (!selector.StartsWith("metadata.name=", StringComparison.Ordinal))
        {
            await WriteAsync(context, 400, KubeStatus.Failure(400, "BadRequest", "this server watches one object: fieldSelector=metadata.name=<name>", "watch", null));
            return;
        }

        var path = $"{collection}/{selector["metadata.name=".Length..]}";
        var since = request.QueryValues.TryGetValue("resourceVersion", out var rv) && long.TryParse(rv, out var n) ? n : 0;
        var seconds = request.QueryValues.TryGetValue("timeoutSeconds", out var t) && int.TryParse(t, out var s) ? s : 1800;
        var watch = new Watch(path, Channel.CreateUnbounded<string>());
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_objects.TryGetValue(path, out var current) && long.Parse(Metadata(current)["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture) > since)
            {
                watch.Events.Writer.TryWrite(Event("MODIFIED", current));
            }

            _watches.Add(watch);
            foreach (var waiter in _watchWaiters.Where(w => w.Path == path).ToList())
            {
                waiter.Opened.TrySetResult();
                _watchWaiters.Remove(waiter);
            }
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            await foreach (var line in watch.Events.Reader.ReadAllAsync(timeout.Token))
            {
                await context.Response.WriteAsync(line + "\n", timeout.Token);
                await context.Response.Body.FlushAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The client stopped watching, or the watch timed out: both end the stream.
        }
        finally
        {
            lock (_gate)
            {
                _watches.Remove(watch);
            }
        }
    }

    /// <summary>Tells the object's watchers about a change; called under the lock.</summary>
    private void Notify(string path, string type, JsonObject obj)
    {
        foreach (var watch in _watches.Where(w => w.Path == path))
        {
            watch.Events.Writer.TryWrite(Event(type, obj));
        }
    }

    private static string Event(string type, JsonObject obj) => new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString();

    private sealed record Watch(string Path, Channel<string> Events);
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PortalRelease.Plugins.Kubernetes.Tests.Fake;

/// <summary>
/// A Kubernetes API server on loopback that serves the subset of the documented REST API the driver uses: GET, POST,
/// PUT (optimistic concurrency on metadata.resourceVersion: a stale one is a 409 Conflict Status), PATCH with
/// application/merge-patch+json, DELETE, and <c>?watch=true</c> streams of JSON-line watch events. It keeps objects in
/// memory, plays the Deployment controller (rollouts progress one replica per step unless paused), and records every
/// request as it arrived.
/// </summary>
public sealed partial class FakeKubeApi : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];
    private readonly WebApplication _app;
    private long _resourceVersion = 1000;

    private FakeKubeApi(WebApplication app)
    {
        _app = app;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeKubeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeKubeApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var watch in _watches)
            {
                watch.Events.Writer.TryComplete();
            }
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Forgets the requests recorded so far, so a test can look at one action's requests alone.</summary>
    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>Stores an object as-is (seeding), with a fresh resourceVersion and generation 1.</summary>
    public void Seed(string path, JsonObject obj)
    {
        lock (_gate)
        {
            var stored = (JsonObject)obj.DeepClone();
            var metadata = Metadata(stored);
            metadata["resourceVersion"] = NextVersion();
            metadata["generation"] ??= 1;
            _objects[path] = stored;
        }
    }

    /// <summary>A copy of the stored object, or null.</summary>
    public JsonObject? Get(string path)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(path, out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    /// <summary>Changes a stored object as another client would (new resourceVersion, watchers told).</summary>
    public void Modify(string path, Action<JsonObject> change)
    {
        lock (_gate)
        {
            var obj = _objects[path];
            change(obj);
            Metadata(obj)["resourceVersion"] = NextVersion();
            Notify(path, "MODIFIED", obj);
        }
    }

    /// <summary>Every stored object's metadata (without resourceVersion) and spec, for "nothing changed" comparisons.</summary>
    public string Snapshot()
    {
        lock (_gate)
        {
            var builder = new StringBuilder();
            foreach (var (path, obj) in _objects.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var metadata = (JsonObject)Metadata(obj).DeepClone();
                metadata.Remove("resourceVersion");
                builder.Append(path).Append(' ').Append(metadata.ToJsonString()).Append(' ').Append(obj["spec"]?.ToJsonString()).Append('\n');
            }

            return builder.ToString();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            await ServeAsync(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A bug in the fake shows up in the driver's error message rather than as a bare 500.
            await WriteAsync(context, 500, KubeStatus.Failure(500, "InternalError", "fake API server: " + ex, "", null));
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var recorded = new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", request.ContentType, body, request.Headers.Authorization.FirstOrDefault(), DateTimeOffset.UtcNow);
        Fault? fault;
        lock (_gate)
        {
            _requests.Add(recorded);
            fault = TakeFault(recorded);
        }

        if (fault is not null && await fault.RespondAsync(this, context))
        {
            return;
        }

        var match = ResourcePath().Match(recorded.Path);
        if (!match.Success)
        {
            await WriteAsync(context, 404, KubeStatus.NotFound("path", recorded.Path));
            return;
        }

        var collection = match.Groups["collection"].Value;
        var resource = match.Groups["resource"].Value;
        var name = match.Groups["name"].Success ? match.Groups["name"].Value : null;
        if (name is null && request.Method == "GET" && recorded.IsWatch)
        {
            await WatchAsync(context, collection, recorded);
            return;
        }

        var (status, answer) = request.Method switch
        {
            "GET" when name is not null => Read(collection, resource, name),
            "POST" when name is null => Create(collection, resource, recorded),
            "PUT" when name is not null => Replace(collection, resource, name, recorded),
            "PATCH" when name is not null => Patch(collection, resource, name, recorded),
            "DELETE" when name is not null => Delete(collection, resource, name),
            _ => (405, KubeStatus.Failure(405, "MethodNotAllowed", $"{request.Method} is not served on {recorded.Path}", resource, name)),
        };
        await WriteAsync(context, status, answer);
    }

    private (int, JsonObject) Read(string collection, string resource, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue($"{collection}/{name}", out var obj) ? (200, (JsonObject)obj.DeepClone()) : (404, KubeStatus.NotFound(resource, name));
        }
    }

    private (int, JsonObject) Create(string collection, string resource, RecordedRequest request)
    {
        if (!IsJson(request.ContentType) || request.Json is not JsonObject obj)
        {
            return (415, KubeStatus.Failure(415, "UnsupportedMediaType", $"create needs an application/json object, got {request.ContentType}", resource, null));
        }

        var name = obj["metadata"]?["name"]?.GetValue<string>() ?? "";
        lock (_gate)
        {
            var path = $"{collection}/{name}";
            if (_objects.ContainsKey(path))
            {
                return (409, KubeStatus.Failure(409, "AlreadyExists", $"{resource} \"{name}\" already exists", resource, name));
            }

            var metadata = Metadata(obj);
            metadata["resourceVersion"] = NextVersion();
            metadata["generation"] = 1;
            metadata["uid"] = Guid.NewGuid().ToString();
            obj.Remove("status");
            _objects[path] = obj;
            Notify(path, "ADDED", obj);
            if (resource == "deployments")
            {
                StartRollout(path, templateChanged: true);
            }

            return (201, (JsonObject)obj.DeepClone());
        }
    }

    private (int, JsonObject) Replace(string collection, string resource, string name, RecordedRequest request)
    {
        if (!IsJson(request.ContentType) || request.Json is not JsonObject obj)
        {
            return (415, KubeStatus.Failure(415, "UnsupportedMediaType", $"replace needs an application/json object, got {request.ContentType}", resource, name));
        }

        lock (_gate)
        {
            var path = $"{collection}/{name}";
            if (!_objects.TryGetValue(path, out var current))
            {
                return (404, KubeStatus.NotFound(resource, name));
            }

            var sent = obj["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (sent is not null && sent != Metadata(current)["resourceVersion"]!.GetValue<string>())
            {
                return (409, KubeStatus.Conflict(resource, name));
            }

            return (200, Store(path, resource, current, obj));
        }
    }

    private (int, JsonObject) Patch(string collection, string resource, string name, RecordedRequest request)
    {
        if (request.ContentType?.StartsWith("application/merge-patch+json", StringComparison.Ordinal) != true)
        {
            return (415, KubeStatus.Failure(415, "UnsupportedMediaType", $"this server applies application/merge-patch+json, got {request.ContentType}", resource, name));
        }

        lock (_gate)
        {
            var path = $"{collection}/{name}";
            if (!_objects.TryGetValue(path, out var current))
            {
                return (404, KubeStatus.NotFound(resource, name));
            }

            var patched = (JsonObject)MergePatch.Apply(current.DeepClone(), request.Json)!;
            return (200, Store(path, resource, current, patched));
        }
    }

    private (int, JsonObject) Delete(string collection, string resource, string name)
    {
        lock (_gate)
        {
            var path = $"{collection}/{name}";
            if (!_objects.Remove(path, out var removed))
            {
                return (404, KubeStatus.NotFound(resource, name));
            }

            Metadata(removed)["resourceVersion"] = NextVersion();
            Notify(path, "DELETED", removed);
            return (200, KubeStatus.Success(resource, name));
        }
    }

    /// <summary>Stores a new version of an object: status is kept (it has its own subresource), generation follows spec changes.</summary>
    private JsonObject Store(string path, string resource, JsonObject current, JsonObject next)
    {
        var metadata = Metadata(next);
        var oldMetadata = Metadata(current);
        var specChanged = !JsonNode.DeepEquals(current["spec"], next["spec"]);
        var templateChanged = !JsonNode.DeepEquals(current["spec"]?["template"], next["spec"]?["template"]);
        metadata["uid"] = oldMetadata["uid"]?.DeepClone();
        metadata["generation"] = (Number(oldMetadata["generation"]) ?? 1) + (specChanged ? 1 : 0);
        metadata["resourceVersion"] = NextVersion();
        next["status"] = current["status"]?.DeepClone();
        if (next["status"] is null)
        {
            next.Remove("status");
        }

        _objects[path] = next;
        Notify(path, "MODIFIED", next);
        if (resource == "deployments" && specChanged)
        {
            StartRollout(path, templateChanged);
        }

        return (JsonObject)next.DeepClone();
    }

    private string NextVersion() => (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A number however it was stored (parsed JSON or a CLR value).</summary>
    internal static long? Number(JsonNode? node) => node is null ? null : long.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Metadata(JsonObject obj) => obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());

    private static bool IsJson(string? contentType) => contentType?.StartsWith("application/json", StringComparison.Ordinal) == true;

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    [GeneratedRegex("^(?<collection>/(api/v1|apis/[^/]+/[^/]+)/namespaces/[^/]+/(?<resource>[^/]+))(/(?<name>[^/]+))?$")]
    private static partial Regex ResourcePath();
}

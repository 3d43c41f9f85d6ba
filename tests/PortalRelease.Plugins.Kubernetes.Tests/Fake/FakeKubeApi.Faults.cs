using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PortalRelease.Plugins.Kubernetes.Tests.Fake;

public sealed partial class FakeKubeApi
{
    private readonly List<Fault> _faults = [];

    /// <summary>The next <paramref name="times"/> requests <c>method path</c> get 429 Too Many Requests with <c>Retry-After</c>.</summary>
    public void ThrottleNext(string method, string path, int retryAfterSeconds, int times = 1)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(method, path, times, async (_, context) =>
            {
                context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteAsync(context, 429, KubeStatus.Failure(429, "TooManyRequests", "Too many requests, please try again later.", "", null));
                return true;
            }));
        }
    }

    /// <summary>The next <paramref name="times"/> requests <c>method path</c> fail with a Status of the given code and reason.</summary>
    public void FailNext(string method, string path, int code, string reason, string message, int times = 1)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(method, path, times, async (_, context) =>
            {
                await WriteAsync(context, code, KubeStatus.Failure(code, reason, message, "", null));
                return true;
            }));
        }
    }

    /// <summary>
    /// Just before the next <c>method path</c> is served, another client changes the object: a write carrying the
    /// resourceVersion read before gets the API server's real 409 Conflict.
    /// </summary>
    public void InterfereBeforeNext(string method, string path, Action<JsonObject> change)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(method, path, 1, (fake, _) =>
            {
                fake.Modify(path, change);
                return Task.FromResult(false);
            }));
        }
    }

    /// <summary>Takes the first fault for the request, if any; called under the lock.</summary>
    private Fault? TakeFault(RecordedRequest request)
    {
        var fault = _faults.FirstOrDefault(f => f.Method == request.Method && f.Path == request.Path && f.Remaining > 0);
        if (fault is not null)
        {
            fault.Remaining--;
        }

        return fault;
    }

    private sealed class Fault(string method, string path, int times, Func<FakeKubeApi, HttpContext, Task<bool>> respond)
    {
        public string Method { get; } = method;

        public string Path { get; } = path;

        public int Remaining { get; set; } = times;

        /// <summary>Answers the request itself (true) or lets it be served normally (false).</summary>
        public Task<bool> RespondAsync(FakeKubeApi fake, HttpContext context) => respond(fake, context);
    }
}

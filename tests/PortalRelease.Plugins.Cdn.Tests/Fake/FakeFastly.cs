using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PortalRelease.Plugins.Cdn.Tests.Fake;

/// <summary>
/// A fake of the Fastly API on loopback (Kestrel on 127.0.0.1:0), following the documented paths, verbs, form bodies,
/// JSON answers and errors of the version, backend, snippet, validate, activate and purge endpoints. It holds one
/// service in memory, starting with version 1 active (one backend, not made by the portal), and records every request.
/// </summary>
internal sealed partial class FakeFastly : IAsyncDisposable
{
    public const string Token = "fastly-test-token-3f9a1c";
    public const string ServiceId = "SU1Z0isxPaozGVKXdv0eY";
    public const string InitialBackend = "origin_default";

    private readonly object _gate = new();
    private readonly WebApplication _app;
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<FakeFault> _faults = [];
    private readonly List<FakeVersion> _versions = [];
    private readonly List<string> _purges = [];
    private int? _staged;

    private FakeFastly(WebApplication app)
    {
        _app = app;
        var initial = new FakeVersion { Number = 1, Active = true, Locked = true, Comment = "Initial configuration" };
        initial.Backends[InitialBackend] = new(StringComparer.Ordinal)
        {
            ["name"] = InitialBackend, ["address"] = "legacy.origin.example.com", ["port"] = "443", ["use_ssl"] = "true",
        };
        _versions.Add(initial);
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>When set, validation of every version fails with this message (as Fastly reports a VCL compile error).</summary>
    public string? RefuseValidation { get; set; }

    /// <summary>Runs after each request is handled and before it is answered: lets a test act as a concurrent operator.</summary>
    public Action<RecordedRequest>? AfterRequest { get; set; }

    public static async Task<FakeFastly> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeFastly(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = new Uri(app.Urls.Single() + "/");
        return fake;
    }

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

    /// <summary>The request lines (<c>VERB /path</c>) since <paramref name="from"/>.</summary>
    public IReadOnlyList<string> Lines(int from = 0) => Requests.Skip(from).Select(r => r.Line).ToList();

    public IReadOnlyList<string> Purges
    {
        get
        {
            lock (_gate)
            {
                return [.. _purges];
            }
        }
    }

    public FakeVersion Version(int number)
    {
        lock (_gate)
        {
            return _versions.Single(v => v.Number == number);
        }
    }

    public FakeVersion ActiveVersion
    {
        get
        {
            lock (_gate)
            {
                return _versions.Single(v => v.Active);
            }
        }
    }

    public int NewestVersion
    {
        get
        {
            lock (_gate)
            {
                return _versions.Max(v => v.Number);
            }
        }
    }

    public int? StagedVersion
    {
        get
        {
            lock (_gate)
            {
                return _staged;
            }
        }
    }

    /// <summary>Answers the next <paramref name="times"/> requests that match with an error.</summary>
    public void Fail(Func<RecordedRequest, bool> matches, int status, object body, IReadOnlyDictionary<string, string>? headers = null, int times = 1)
    {
        lock (_gate)
        {
            _faults.Add(new FakeFault(matches, status, JsonSerializer.Serialize(body), headers ?? new Dictionary<string, string>()) { Remaining = times });
        }
    }

    /// <summary>Locks a version, as Fastly does when someone activates it or locks it by hand.</summary>
    public void Lock(int number)
    {
        lock (_gate)
        {
            _versions.Single(v => v.Number == number).Locked = true;
        }
    }

    /// <summary>Everything a driver call could change, for "changes nothing" checks.</summary>
    public string Snapshot()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            foreach (var version in _versions)
            {
                text.Append($"{version.Number} active={version.Active} locked={version.Locked} comment={version.Comment}\n");
                foreach (var (name, fields) in version.Backends.OrderBy(b => b.Key, StringComparer.Ordinal))
                {
                    text.Append($"  backend {name} {string.Join(',', fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"))}\n");
                }

                foreach (var (name, fields) in version.Snippets.OrderBy(s => s.Key, StringComparer.Ordinal))
                {
                    text.Append($"  snippet {name} {fields.GetValueOrDefault("content")}\n");
                }
            }

            text.Append($"staged={_staged} purges={string.Join(',', _purges)}");
            return text.ToString();
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        var hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0;
        if (hasBody && context.Request.HasFormContentType)
        {
            foreach (var (name, value) in await context.Request.ReadFormAsync())
            {
                form[name] = value.ToString();
            }
        }

        var request = new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "", form,
            context.Request.Headers.TryGetValue("Fastly-Key", out var key) ? key.ToString() : null, DateTimeOffset.UtcNow);
        Answer answer;
        lock (_gate)
        {
            _requests.Add(request);
            answer = hasBody && !context.Request.HasFormContentType
                ? Error(415, "Unsupported Media Type", "Send application/x-www-form-urlencoded.")
                : Faulted(request) ?? Authorize(request) ?? Route(request);
            request.Status = answer.Status;
        }

        // Before the answer leaves: what the hook does (lock a version, say) is in place when the client sends its next request.
        AfterRequest?.Invoke(request);
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body);
    }

    private Answer? Faulted(RecordedRequest request)
    {
        var fault = _faults.FirstOrDefault(f => f.Remaining > 0 && f.Matches(request));
        if (fault is null)
        {
            return null;
        }

        fault.Remaining--;
        return new Answer(fault.Status, fault.Body, fault.Headers);
    }

    private static Answer? Authorize(RecordedRequest request) => request.FastlyKey == Token
        ? null
        : new Answer(401, """{"msg":"Provided credentials are missing or invalid"}""");

    private static Answer Ok(object body) => new(200, JsonSerializer.Serialize(body));

    private static Answer Error(int status, string msg, string? detail = null) =>
        new(status, JsonSerializer.Serialize(detail is null ? new { msg } : (object)new { msg, detail }));

    private sealed record Answer(int Status, string Body, IReadOnlyDictionary<string, string> Headers)
    {
        public Answer(int status, string body) : this(status, body, new Dictionary<string, string>())
        {
        }
    }
}

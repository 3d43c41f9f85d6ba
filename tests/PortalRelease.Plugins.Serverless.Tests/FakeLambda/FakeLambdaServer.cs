using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PortalRelease.Plugins.Serverless.Tests.FakeLambda;

/// <summary>
/// The Lambda API (2015-03-31) on Kestrel at 127.0.0.1 on a free port: the documented paths, verbs, JSON bodies, status
/// codes and error shapes, over <see cref="FakeLambdaState"/>. It checks every request's SigV4 signature against the one
/// access key it knows (403 otherwise), records every request, and answers with queued faults when told.
/// </summary>
public sealed class FakeLambdaServer : IAsyncDisposable
{
    public const string AccessKeyId = "AKIAFAKELAMBDA000001";
    public const string SecretAccessKey = "fake/Secret+Key/0123456789abcdefEXAMPLE";
    public const string ApiPrefix = "/2015-03-31/functions/";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(string Operation, LambdaError Error)> _faults = [];

    private FakeLambdaServer(WebApplication app, FakeLambdaState state)
    {
        _app = app;
        State = state;
    }

    public FakeLambdaState State { get; }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The requests that asked for a change.</summary>
    public IReadOnlyList<RecordedRequest> Writes => Requests.Where(r => r.IsWrite).ToList();

    public static async Task<FakeLambdaServer> StartAsync(FakeLambdaState? state = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeLambdaServer(app, state ?? new FakeLambdaState());
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>Answers the next <paramref name="times"/> calls of an operation with an error instead of running them.</summary>
    public void FailNext(string operation, LambdaError error, int times = 1)
    {
        lock (_lock)
        {
            for (var i = 0; i < times; i++)
            {
                _faults.Add((operation, error));
            }
        }
    }

    public void ClearRequests()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var rawPath = rawTarget.Split('?', 2)[0];
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var (operation, function, alias) = Route(request.Method, request.Path.Value ?? "");

        int status;
        object? result = null;
        LambdaError? error = null;
        try
        {
            var signature = SigV4Verifier.Check(request.Method, rawPath, request.QueryString.Value ?? "", headers, body, AccessKeyId, SecretAccessKey, FakeLambdaState.Region, "lambda");
            if (signature is not null)
            {
                throw new LambdaErrorException(new LambdaError(403, signature.StartsWith("The security token", StringComparison.Ordinal) ? "UnrecognizedClientException" : "InvalidSignatureException", signature));
            }
            if (TakeFault(operation) is { } fault)
            {
                throw new LambdaErrorException(fault);
            }
            var json = body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
            (status, result) = operation switch
            {
                "GetFunctionConfiguration" => (200, State.GetFunctionConfiguration(function!, query.GetValueOrDefault("Qualifier"))),
                "UpdateFunctionCode" => (200, State.UpdateFunctionCode(function!, json)),
                "ListVersionsByFunction" => (200, State.ListVersions(function!, query.GetValueOrDefault("Marker"), query.GetValueOrDefault("MaxItems"))),
                "PublishVersion" => (201, State.PublishVersion(function!, json)),
                "GetAlias" => (200, State.GetAlias(function!, alias!)),
                "CreateAlias" => (201, State.CreateAlias(function!, json)),
                "UpdateAlias" => (200, State.UpdateAlias(function!, alias!, json)),
                "DeleteAlias" => (204, Delete(function!, alias!)),
                _ => throw new LambdaErrorException(new LambdaError(404, "UnknownOperationException", $"Unknown operation {request.Method} {rawPath}")),
            };
        }
        catch (LambdaErrorException ex)
        {
            error = ex.Error;
            status = error.Status;
        }

        lock (_lock)
        {
            _requests.Add(new RecordedRequest(operation, request.Method, rawPath, query, headers, Encoding.UTF8.GetString(body), status));
        }
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        context.Response.StatusCode = status;
        if (error is not null)
        {
            await WriteErrorAsync(context.Response, error);
        }
        else if (result is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(result));
        }
    }

    private object? Delete(string function, string alias)
    {
        State.DeleteAlias(function, alias);
        return null;
    }

    private static async Task WriteErrorAsync(HttpResponse response, LambdaError error)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        response.ContentType = "application/json";
        if (error.TypeInBody)
        {
            await response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = $"com.amazonaws.lambda#{error.Type}", ["message"] = error.Message }));
            return;
        }
        response.Headers["x-amzn-ErrorType"] = $"{error.Type}:http://internal.amazon.com/coral/com.amazonaws.awslambda/";
        object body = error.Status == 429
            ? new { Reason = "CallerRateLimitExceeded", Type = "User", message = error.Message }
            : new { Type = "User", Message = error.Message };
        await response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private LambdaError? TakeFault(string operation)
    {
        lock (_lock)
        {
            var index = _faults.FindIndex(f => f.Operation == operation);
            if (index < 0)
            {
                return null;
            }
            var fault = _faults[index].Error;
            _faults.RemoveAt(index);
            return fault;
        }
    }

    /// <summary>The operation a method and (decoded) path name, with the function and alias they address.</summary>
    private static (string Operation, string? Function, string? Alias) Route(string method, string path)
    {
        if (!path.StartsWith(ApiPrefix, StringComparison.Ordinal))
        {
            return ("Unknown", null, null);
        }
        var parts = path[ApiPrefix.Length..].Split('/');
        // A function may be named by its ARN: arn:aws:lambda:region:account:function:name.
        if (parts[0].Split(":function:") is [_, var named])
        {
            parts[0] = named;
        }
        return (method, parts) switch
        {
            ("GET", [var f, "configuration"]) => ("GetFunctionConfiguration", f, null),
            ("PUT", [var f, "code"]) => ("UpdateFunctionCode", f, null),
            ("GET", [var f, "versions"]) => ("ListVersionsByFunction", f, null),
            ("POST", [var f, "versions"]) => ("PublishVersion", f, null),
            ("POST", [var f, "aliases"]) => ("CreateAlias", f, null),
            ("GET", [var f, "aliases", var a]) => ("GetAlias", f, a),
            ("PUT", [var f, "aliases", var a]) => ("UpdateAlias", f, a),
            ("DELETE", [var f, "aliases", var a]) => ("DeleteAlias", f, a),
            _ => ("Unknown", null, null),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

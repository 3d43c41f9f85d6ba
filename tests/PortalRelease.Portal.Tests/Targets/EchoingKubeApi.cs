using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// A careless upstream on loopback: a Kubernetes API server that refuses every request with a <c>Status</c> whose
/// message quotes the request's Authorization header, as some proxies and debugging endpoints do.
/// </summary>
internal sealed class EchoingKubeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private EchoingKubeApi(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<EchoingKubeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new EchoingKubeApi(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref api._requests);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            var status = new
            {
                kind = "Status",
                apiVersion = "v1",
                status = "Failure",
                message = $"credentials '{context.Request.Headers.Authorization}' are not valid for {context.Request.Path}",
                reason = "Unauthorized",
                code = 401,
            };
            await context.Response.WriteAsync(JsonSerializer.Serialize(status));
        });
        await app.StartAsync();
        api.Url = new Uri(app.Urls.First());
        return api;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

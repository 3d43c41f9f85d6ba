using Microsoft.Extensions.DependencyInjection;
using System.Net;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Gates;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>
/// <see cref="PortalClient.WatchAsync"/> follows the portal's hub: events are pushed, not polled, and what the hub
/// refuses ends the watch with the REST API's own answer for the release. (Its resumption across a portal restart is
/// tested on a real process: <c>WatchRestartTests</c> in the CLI's tests.)
/// </summary>
public sealed class WatchClientTests
{
    [Fact]
    public async Task WatchAsync_WhileTheEventsEndpointIsDown_StreamsEveryEventFromTheHub()
    {
        await using var portal = new TestPortal();
        using var http = new HttpClient(new RefusingEventsHandler(portal.Server.CreateHandler())) { BaseAddress = portal.Http.BaseAddress };
        using var client = new PortalClient(http) { HubHandler = () => portal.Server.CreateHandler() };
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("quick-canary", "1.0.0"));
        // Precondition: a watch that polled the events endpoint could see nothing.
        var polled = await Assert.ThrowsAsync<PortalApiException>(() => client.GetEventsAsync(created.Id));
        Assert.Equal(HttpStatusCode.InternalServerError, polled.Status);

        var seen = new List<ReleaseEvent>();
        using var cancel = new CancellationTokenSource(Poll.DefaultTimeout);
        await foreach (var e in client.WatchAsync(created.Id, 0, cancel.Token))
        {
            seen.Add(e);
            if (e.Type == "StateChanged" && e.Str("to") is { } to && ReleaseStates.IsFinal(to))
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen.Select(e => e.Seq));
        Assert.Equal("ReleaseCreated", seen[0].Type);
        Assert.Equal(ReleaseStates.Promoted, seen[^1].Str("to"));
        Assert.All(seen, e => Assert.Equal(created.Id, e.ReleaseId));
    }

    [Fact]
    public async Task WatchAsync_FromTheMiddle_YieldsOnlyLaterEvents()
    {
        await using var portal = new TestPortal();
        var client = portal.Client.Typed;
        var id = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.1");
        var settled = await portal.Client.WaitForStateAsync(id, ReleaseStates.Promoted);
        var middle = settled.LastSeq / 2;

        var seen = new List<long>();
        using var cancel = new CancellationTokenSource(Poll.DefaultTimeout);
        await foreach (var e in client.WatchAsync(id, middle, cancel.Token))
        {
            seen.Add(e.Seq);
            if (e.Seq == settled.LastSeq)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range((int)middle + 1, (int)(settled.LastSeq - middle)).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task WatchAsync_UnknownRelease_EndsWithTheApisNotFound()
    {
        await using var portal = new TestPortal();

        var refused = await Assert.ThrowsAsync<PortalApiException>(async () =>
        {
            await foreach (var _ in portal.Client.Typed.WatchAsync("no-such-release"))
            {
            }
        });

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.NotNull(refused.Problem);
        Assert.Contains("no-such-release", refused.Message);
    }

    [Fact]
    public async Task WatchAsync_ReleaseTheCallerMayNotView_EndsWithTheApisForbidden()
    {
        await using var portal = new GatesPortal(new Dictionary<string, string>
        {
            ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
            ["Portal:Access:Grants:0:User"] = "dev-user",
            ["Portal:Access:Grants:0:Role"] = "admin",
        });
        var id = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.2");
        var server = portal.Ops.Server;
        using var http = new HttpClient(new UserHandler("vic", server.CreateHandler())) { BaseAddress = server.BaseAddress };
        using var client = new PortalClient(http) { HubHandler = () => new UserHandler("vic", server.CreateHandler()) };

        var refused = await Assert.ThrowsAsync<PortalApiException>(async () =>
        {
            await foreach (var _ in client.WatchAsync(id))
            {
            }
        });

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("vic may not view releases", refused.Message);
        await portal.Client.WaitForStateAsync(id, ReleaseStates.Promoted);
    }

    [Fact]
    public async Task WatchAsync_LocalModeOnKestrel_SendsTheTokenOverWebSocketsAndRefusesAStranger()
    {
        await using var portal = new KestrelPortal(new Dictionary<string, string> { ["Portal:Auth:Mode"] = "Local" });
        (await portal.Http.GetAsync("/healthz")).Dispose();
        var admin = new PortalRelease.Portal.Identity.PortalUser("admin", "Administrator", null, ["admins"], "local");
        var token = await portal.Services.GetRequiredService<PortalRelease.Portal.Identity.Tokens.ApiTokenService>().CreateAsync(admin, "watch", TimeSpan.FromDays(1));
        using var client = new PortalClient(portal.BaseAddress, token.Value);
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("quick-canary", "2.0.0"));

        var seen = new List<ReleaseEvent>();
        using var cancel = new CancellationTokenSource(Poll.DefaultTimeout);
        await foreach (var e in client.WatchAsync(created.Id, 0, cancel.Token))
        {
            seen.Add(e);
            if (e.Type == "StateChanged" && e.Str("to") is { } to && ReleaseStates.IsFinal(to))
            {
                break;
            }
        }
        using var stranger = new PortalClient(portal.BaseAddress, "prt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var refused = await Assert.ThrowsAsync<PortalApiException>(async () =>
        {
            await foreach (var _ in stranger.WatchAsync(created.Id))
            {
            }
        });

        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen.Select(e => e.Seq));
        Assert.Equal(ReleaseStates.Promoted, seen[^1].Str("to"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }

    [Fact]
    public async Task WatchAsync_HubFailsTwiceWhileTheApiAnswers_ConnectsAgainAndYieldsEveryEventOnce()
    {
        await using var portal = new TestPortal();
        var failures = new HubFailures(2);
        using var client = new PortalClient(portal.Http)
        {
            HubHandler = () => new FailingHubHandler(failures, portal.Server.CreateHandler()),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        };
        var id = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.3");
        var settled = await portal.Client.WaitForStateAsync(id, ReleaseStates.Promoted);

        var seen = new List<long>();
        using var cancel = new CancellationTokenSource(Poll.DefaultTimeout);
        await foreach (var e in client.WatchAsync(id, 0, cancel.Token))
        {
            seen.Add(e.Seq);
            if (e.Seq == settled.LastSeq)
            {
                break;
            }
        }

        Assert.Equal(0, failures.Left);
        Assert.Equal(Enumerable.Range(1, (int)settled.LastSeq).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task WatchAsync_HubAlwaysFailsWhileTheApiAnswers_EndsWithBadGatewayNamingTheHub()
    {
        await using var portal = new TestPortal();
        var failures = new HubFailures(int.MaxValue);
        using var client = new PortalClient(portal.Http)
        {
            HubHandler = () => new FailingHubHandler(failures, portal.Server.CreateHandler()),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        };
        var id = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.4");

        var refused = await Assert.ThrowsAsync<PortalApiException>(async () =>
        {
            await foreach (var _ in client.WatchAsync(id))
            {
            }
        });

        Assert.Equal(HttpStatusCode.BadGateway, refused.Status);
        Assert.Contains($"its hub failed to stream release '{id}' 5 times in a row", refused.Message);
        await portal.Client.WaitForStateAsync(id, ReleaseStates.Promoted);
    }

    /// <summary>How many more hub requests fail.</summary>
    private sealed class HubFailures(int count)
    {
        private int _left = count;

        public int Left => Math.Max(0, Volatile.Read(ref _left));

        public bool Take() => Interlocked.Decrement(ref _left) >= 0;
    }

    /// <summary>A proxy in front of the hub that answers its requests 400 while failures are left (one that does not pass the hub, say).</summary>
    private sealed class FailingHubHandler(HubFailures failures, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath.EndsWith("/negotiate", StringComparison.Ordinal) && failures.Take()
                ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest) { RequestMessage = request })
                : base.SendAsync(request, cancellationToken);
    }

    /// <summary>The events endpoint answers 500: what a portal whose REST reads fail (or a proxy) would do.</summary>
    private sealed class RefusingEventsHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath.EndsWith("/events", StringComparison.Ordinal)
                ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError) { RequestMessage = request })
                : base.SendAsync(request, cancellationToken);
    }

    /// <summary>Names the development user on every request, REST and hub alike.</summary>
    private sealed class UserHandler(string user, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove(PortalRelease.Portal.Identity.DevelopmentAuthenticationHandler.Header);
            request.Headers.Add(PortalRelease.Portal.Identity.DevelopmentAuthenticationHandler.Header, user);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

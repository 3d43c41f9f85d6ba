using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using PortalRelease.Portal.Telemetry;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Notifications;

namespace PortalRelease.Portal.Tests.Telemetry;

/// <summary>
/// A release runs for minutes or days; the request that started it lasts milliseconds. Its engine spans form a trace
/// of their own, linked to the request (a link says "caused by" without making the release part of the request).
/// </summary>
public sealed class ReleaseTraceTests
{
    [Fact]
    public async Task ReleaseSpans_StartedByARequestAndResumedAfterARestart_FormReleaseTracesLinkedToTheRequest()
    {
        var started = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is PortalMeters.ActivitySourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var home = new TempPortalHome();
        var create = Caller();
        string id;
        await using (var portal = new NotificationsPortal(NotificationsPortal.Settings(), home))
        {
            await portal.Client.ImportTemplateAsync("""
                name: traced-across-a-restart
                stages:
                  - name: only
                    targets: [sandbox-eu]
                    steps:
                      - setWeight: 10
                      - pause: {}
                      - setWeight: 100
                """);
            using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = JsonContent.Create(new { template = "traced-across-a-restart", version = "7.0.0" }) })
            {
                request.Headers.Add("traceparent", create.Traceparent);
                using var response = await portal.Http.SendAsync(request);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
            }
            await portal.Client.WaitForEventsAsync(id, events => events.Any(e => e.Type == "PauseStarted"), "the release to reach its pause step");
        }

        // The request's own span is a child of the caller's context; the release's spans are not.
        var requestSpan = Assert.Single(started, s => s.Source.Name == "Microsoft.AspNetCore" && s.TraceId == create.TraceId);
        var first = Of(started, id);
        var root = Assert.Single(first, s => s.DisplayName == "release");
        Assert.Equal(default, root.ParentSpanId);
        Assert.NotEqual(create.TraceId, root.TraceId);
        var link = Assert.Single(root.Links);
        Assert.Equal(requestSpan.TraceId, link.Context.TraceId);
        Assert.Equal(requestSpan.SpanId, link.Context.SpanId);
        Assert.Contains(first, s => s.DisplayName == "validate");
        Assert.Contains(first, s => s.DisplayName == "step pause");
        // Every span of the first run, driver calls and validation included, is in the release's trace.
        Assert.All(first, s => Assert.Equal(root.TraceId, s.TraceId));
        Assert.All(first.Where(s => s != root), s => Assert.NotEqual(default, s.ParentSpanId));

        // After a restart the runner resumes on its own, before any request; a later command only wakes it.
        var before = started.Count;
        var resume = Caller();
        await using (var portal = new NotificationsPortal(NotificationsPortal.Settings(), home))
        {
            await Poll.UntilAsync(() => Task.FromResult(Of(started.Skip(before), id).Any(s => s.DisplayName == "release")), "the resumed runner's span");
            using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/releases/{id}/resume") { Content = JsonContent.Create(new { reason = "carry on" }) })
            {
                request.Headers.Add("traceparent", resume.Traceparent);
                using var response = await portal.Http.SendAsync(request);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
            await portal.Client.WaitForStateAsync(id, "Promoted");
        }
        var second = Of(started.Skip(before), id);
        var resumedRoot = Assert.Single(second, s => s.DisplayName == "release");
        Assert.Equal(default, resumedRoot.ParentSpanId);
        Assert.NotEqual(root.TraceId, resumedRoot.TraceId);
        Assert.Equal(true, resumedRoot.GetTagItem("release.resumed"));
        Assert.Contains(second, s => s.DisplayName == "step promote");
        Assert.All(second, s => Assert.Equal(resumedRoot.TraceId, s.TraceId));
        Assert.DoesNotContain(second, s => s.TraceId == resume.TraceId);
    }

    private static List<Activity> Of(IEnumerable<Activity> spans, string releaseId) =>
        spans.Where(s => s.Source.Name == PortalMeters.ActivitySourceName && (string?)s.GetTagItem("release.id") == releaseId).ToList();

    /// <summary>A caller's trace context, sent as W3C <c>traceparent</c> the way an instrumented CI client would.</summary>
    private static (ActivityTraceId TraceId, string Traceparent) Caller()
    {
        var trace = ActivityTraceId.CreateRandom();
        return (trace, $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
    }
}

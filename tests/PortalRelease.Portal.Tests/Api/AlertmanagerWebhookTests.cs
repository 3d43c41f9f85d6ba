using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortalRelease.Portal.Tests.Releases;
using static PortalRelease.Portal.Tests.Api.AlertmanagerPayloads;

namespace PortalRelease.Portal.Tests.Api;

public sealed class AlertmanagerWebhookTests : IAsyncLifetime
{
    private const string Payments = """
        name: payments
        stages:
          - name: only
            targets: [fx-pay]
            steps:
              - setWeight: 25
              - pause: { duration: 60s }
        """;

    private OpsPortal _portal = null!;

    public Task InitializeAsync()
    {
        _portal = new OpsPortal();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private async Task<(HttpStatusCode Status, string ContentType, JsonElement Body)> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _portal.Http.PostAsync("/api/webhooks/alertmanager", content);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", json.RootElement.Clone());
    }

    private async Task<JsonElement> IncidentsAsync()
    {
        using var response = await _portal.Http.GetAsync("/api/incidents");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private async Task<string> StartPausingReleaseAsync(string template)
    {
        var id = await _portal.Client.CreateReleaseAsync(template, "4.2.0");
        await _portal.Client.WaitForEventsAsync(id, e => e.Any(x => x.Type == "PauseStarted"), $"{template} to reach its timed pause");
        return id;
    }

    [Fact]
    public async Task Firing_ServiceLabel_PausesOrRollsBackThatServicesReleasesWithASnapshot()
    {
        await _portal.Client.ImportTemplateAsync(CheckoutPause);
        await _portal.Client.ImportTemplateAsync(CheckoutRollback);
        await _portal.AddFixtureTargetAsync("fx-pay", new { });
        await _portal.Client.ImportTemplateAsync(Payments);
        var paused = await StartPausingReleaseAsync("checkout-pause");
        var rolled = await StartPausingReleaseAsync("checkout-rollback");
        var other = await StartPausingReleaseAsync("payments");

        var (status, _, body) = await PostAsync(Payload("firing", Alert("firing", "f1", "checkout"), Alert("firing", "f2", null, "DiskFull")).ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("incidents").GetArrayLength());
        var release = await _portal.Client.WaitForEventsAsync(paused, e => e.Any(x => x.Type == "Paused"), "the checkout release to pause");
        var opened = release.Single(e => e.Type == "IncidentOpened");
        Assert.Equal("pause", opened.Str("action"));
        Assert.Equal("alertmanager", opened.Actor);
        var alert = opened.Data.GetProperty("alert");
        Assert.Equal(("f1", "checkout", "HighErrorRate"), (alert.GetProperty("fingerprint").GetString(), alert.GetProperty("service").GetString(), alert.GetProperty("alertName").GetString()));
        var snapshot = opened.Data.GetProperty("snapshot");
        Assert.Equal("Deploying", snapshot.GetProperty("state").GetString());
        Assert.Equal(1, snapshot.GetProperty("step").GetInt32());
        Assert.Equal(25, snapshot.GetProperty("weights").GetProperty("sandbox-eu").GetInt32());
        Assert.True(opened.Seq < release.Single(e => e.Type == "Paused").Seq);
        Assert.True((await _portal.Client.GetReleaseAsync(paused)).Paused);

        await _portal.Client.WaitForStateAsync(rolled, "RolledBack");
        Assert.Equal("rollback", (await _portal.Client.GetEventsAsync(rolled)).Single(e => e.Type == "IncidentOpened").Str("action"));
        Assert.DoesNotContain(await _portal.Client.GetEventsAsync(other), e => e.Type.StartsWith("Incident", StringComparison.Ordinal) || e.Type == "Paused");

        var incidents = await IncidentsAsync();
        Assert.Equal(2, incidents.GetArrayLength());
        var checkout = incidents.EnumerateArray().Single(i => i.GetProperty("fingerprint").GetString() == "f1");
        Assert.Equal(new[] { paused, rolled }.Order(StringComparer.Ordinal), checkout.GetProperty("releases").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal));
        var unlabelled = incidents.EnumerateArray().Single(i => i.GetProperty("fingerprint").GetString() == "f2");
        Assert.Equal(0, unlabelled.GetProperty("releases").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, unlabelled.GetProperty("service").ValueKind);

        // Alertmanager repeats a firing alert: recorded again, but one incident per release is enough.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Payload("firing", Alert("firing", "f1", "checkout")).ToJsonString())).Status);
        Assert.Single(await _portal.Client.GetEventsAsync(paused), e => e.Type == "IncidentOpened");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Payload("resolved", Alert("resolved", "f1", "checkout")).ToJsonString())).Status);
        var resolved = (await _portal.Client.GetEventsAsync(paused)).Single(e => e.Type == "IncidentResolved");
        Assert.Equal("resolved", resolved.Data.GetProperty("alert").GetProperty("status").GetString());
        Assert.True((await _portal.Client.GetReleaseAsync(paused)).Paused);
        var all = await IncidentsAsync();
        Assert.Equal(4, all.GetArrayLength());
        Assert.Equal("resolved", all[0].GetProperty("status").GetString());
        // Both releases the alert opened an incident on learn it resolved, the rolled-back one too (for the postmortem).
        Assert.Equal(new[] { paused, rolled }.Order(StringComparer.Ordinal), all[0].GetProperty("releases").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal));
        Assert.Single(await _portal.Client.GetEventsAsync(rolled), e => e.Type == "IncidentResolved");
    }

    public static TheoryData<string, string, string> BadPayloads()
    {
        JsonObject Valid() => Payload("firing", Alert("firing", "f1", "checkout"));
        var wrongVersion = Valid();
        wrongVersion["version"] = "3";
        var noAlerts = Valid();
        noAlerts.Remove("alerts");
        var emptyAlerts = Valid();
        emptyAlerts["alerts"] = new JsonArray();
        var badTime = Valid();
        badTime["alerts"]![0]!["startsAt"] = "yesterday";
        var badStatus = Valid();
        badStatus["alerts"]![0]!["status"] = "burning";
        var numberLabel = Valid();
        numberLabel["alerts"]![0]!["labels"]!["severity"] = 3;
        return new TheoryData<string, string, string>
        {
            { "{\"version\": \"4\",", "", "line 1" },
            { "[]", "$", "expected a JSON object" },
            { wrongVersion.ToJsonString(), "$.version", "only version \"4\"" },
            { noAlerts.ToJsonString(), "$.alerts", "is required" },
            { emptyAlerts.ToJsonString(), "$.alerts", "at least one alert" },
            { badTime.ToJsonString(), "$.alerts[0].startsAt", "RFC 3339" },
            { badStatus.ToJsonString(), "$.alerts[0].status", "\"firing\" or \"resolved\"" },
            { numberLabel.ToJsonString(), "$.alerts[0].labels.severity", "expected a string value" },
        };
    }

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public async Task Post_BadPayload_Returns400SayingWhatAndWhereAndChangesNothing(string body, string path, string message)
    {
        await _portal.Client.ImportTemplateAsync(CheckoutPause);
        var release = await StartPausingReleaseAsync("checkout-pause");
        var before = (await _portal.Client.GetEventsAsync(release)).Where(e => e.Type != "MetricsSampled").Count();

        var (status, contentType, problem) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains(message, problem.GetProperty("detail").GetString());
        if (path.Length > 0)
        {
            Assert.Contains(message, problem.GetProperty("errors").GetProperty(path)[0].GetString());
        }
        Assert.Equal(0, (await IncidentsAsync()).GetArrayLength());
        Assert.Equal(before, (await _portal.Client.GetEventsAsync(release)).Count(e => e.Type != "MetricsSampled"));
    }

    [Theory]
    [InlineData("service: Not a service!\n", "service", "letters, digits")]
    [InlineData("rollback:\n  onIncident: panic\n", "rollback.onIncident", "expected pause or rollback, found 'panic'")]
    public async Task ImportTemplate_BadIncidentKeys_Returns400WithTheKey(string extra, string key, string message)
    {
        var yaml = "name: bad-incident-keys\nstages:\n  - name: only\n    targets: [sandbox-eu]\n    steps:\n      - setWeight: 25\n" + extra;
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await _portal.Http.PostAsync("/api/templates", content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(key, body);
        Assert.Contains(message, body);
    }
}

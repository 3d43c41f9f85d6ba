using System.Globalization;
using PortalRelease.Plugins.Cdn.Tests.Fake;
using PortalRelease.Sdk;
using static PortalRelease.Plugins.Cdn.Tests.CanaryTests;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>Rate limits, a rejected key, conflicts on locked versions, refused validation and a step cut short.</summary>
public sealed class FailureTests : IAsyncLifetime
{
    private static readonly object TooMany = new { msg = "Too many requests", detail = "Rate limit exceeded" };

    private FastlyHarness _fastly = null!;

    public async Task InitializeAsync() => _fastly = await FastlyHarness.StartAsync();

    public async Task DisposeAsync() => await _fastly.DisposeAsync();

    [Fact]
    public async Task Apply_Throttled429WithRetryAfter_RetriesWithGrowingDelaysThenSucceeds()
    {
        _fastly.Server.Fail(IsClone, 429, TooMany, new Dictionary<string, string> { ["Retry-After"] = "0" }, times: 2);

        var result = await _fastly.ApplyAsync("k", "1.0.0", Cohorts.Stable, 100);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        var clones = _fastly.Server.Requests.Where(IsClone).ToList();
        Assert.Equal([429, 429, 200], clones.Select(c => c.Status));
        // Exponential backoff: at least 250 ms, then at least 500 ms.
        Assert.True(clones[1].At - clones[0].At >= TimeSpan.FromMilliseconds(240), $"first retry after {(clones[1].At - clones[0].At).TotalMilliseconds} ms");
        Assert.True(clones[2].At - clones[1].At >= TimeSpan.FromMilliseconds(490), $"second retry after {(clones[2].At - clones[1].At).TotalMilliseconds} ms");
        Assert.Equal(2, _fastly.Server.ActiveVersion.Number);
    }

    [Fact]
    public async Task Apply_Throttled429WithFastlyRateLimitReset_WaitsUntilTheReset()
    {
        var reset = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds();
        _fastly.Server.Fail(IsClone, 429, TooMany, new Dictionary<string, string>
        {
            ["Fastly-RateLimit-Remaining"] = "0",
            ["Fastly-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture),
        });

        await _fastly.ApplyAsync("k", "1.0.0", Cohorts.Stable, 100);

        var retried = _fastly.Server.Requests.Where(IsClone).Last();
        Assert.True(retried.At >= DateTimeOffset.FromUnixTimeSeconds(reset).AddMilliseconds(-50), $"retried at {retried.At:O}, before the reset {reset}");
    }

    [Fact]
    public async Task Apply_ThrottledBeyondTheRetryBound_FailsAsTransientAfterMaxRetriesAndChangesNothing()
    {
        var target = _fastly.Target(s => s["maxRetries"] = 2);
        _fastly.Server.Fail(r => r.Method != "GET", 429, TooMany, new Dictionary<string, string> { ["Retry-After"] = "0" }, times: 100);
        var before = _fastly.Server.Snapshot();

        var error = await Assert.ThrowsAnyAsync<DriverException>(() => _fastly.ApplyAsync("k", "1.0.0", Cohorts.Stable, 100, target));

        Assert.True(error.IsTransient);
        Assert.Contains("429", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _fastly.Server.Requests.Count(IsClone));
        Assert.Equal(before, _fastly.Server.Snapshot());
    }

    [Fact]
    public async Task Apply_RateLimitResetAnHourAway_FailsAsTransientAtOnce()
    {
        var reset = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        _fastly.Server.Fail(IsClone, 429, TooMany, new Dictionary<string, string> { ["Fastly-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture) });

        var error = await Assert.ThrowsAnyAsync<DriverException>(() => _fastly.ApplyAsync("k", "1.0.0", Cohorts.Stable, 100));

        Assert.True(error.IsTransient);
        Assert.Contains("rate limit", error.Message, StringComparison.Ordinal);
        Assert.Single(_fastly.Server.Requests, IsClone);
    }

    [Fact]
    public async Task Apply_WithABadKey_Fails401WithoutTheKeyInTheMessage()
    {
        const string wrong = "wrong-token-7d2e91";
        var before = _fastly.Server.Snapshot();

        var error = await Assert.ThrowsAnyAsync<DriverException>(() => _fastly.ApplyAsync("k", "1.0.0", Cohorts.Stable, 100, _fastly.Target(token: wrong)));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("apiToken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Equal([$"GET {S}/version"], _fastly.Server.Lines());
        Assert.Equal(before, _fastly.Server.Snapshot());
    }

    [Fact]
    public async Task Apply_AnErrorAnswerEchoingTheKey_NeverPutsTheKeyInTheMessage()
    {
        _fastly.Server.Fail(r => r.Method == "GET", 400, new { msg = "Bad request", detail = $"header Fastly-Key: {FakeFastly.Token}" });

        var error = await Assert.ThrowsAnyAsync<DriverException>(() => _fastly.StatusAsync());

        Assert.DoesNotContain(FakeFastly.Token, error.Message, StringComparison.Ordinal);
        Assert.Contains("***", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_WhenSomeoneLocksTheDraftMidEdit_Gets409AndRedoesTheChangeOnAFreshClone()
    {
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);
        var from = _fastly.Server.Requests.Count;
        _fastly.Server.AfterRequest = r =>
        {
            if (r.Line == $"PUT {S}/version/3")
            {
                _fastly.Server.Lock(3);
            }
        };

        var result = await _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal(
        [
            $"GET {S}/version -> 200",
            $"PUT {S}/version/2/clone -> 200",
            $"PUT {S}/version/3 -> 200",
            $"GET {S}/version/3/backend -> 200",
            $"POST {S}/version/3/backend -> 409",
            $"PUT {S}/version/2/clone -> 200",
            $"PUT {S}/version/4 -> 200",
            $"GET {S}/version/4/backend -> 200",
            $"POST {S}/version/4/backend -> 200",
            $"GET {S}/version/4/snippet -> 200",
            $"PUT {S}/version/4/snippet/portalrelease_routing -> 200",
            $"GET {S}/version/4/validate -> 200",
            $"PUT {S}/version/4/activate -> 200",
        ], _fastly.Server.Requests.Skip(from).Select(r => r.ToString()));
        Assert.False(_fastly.Server.Version(3).Active);
        Assert.DoesNotContain("portalrelease_canary", _fastly.Server.Version(3).Backends.Keys);
        Assert.Equal(("1.1.0", 10), ((await _fastly.StatusAsync()).CanaryVersion, (await _fastly.StatusAsync()).CanaryWeight));
    }

    [Fact]
    public async Task Apply_WhenEveryDraftIsLocked_FailsWithTheConflictAndTheSameKeyLaterStartsAgain()
    {
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);
        _fastly.Server.AfterRequest = r =>
        {
            if (r.Method == "PUT" && r.Form.ContainsKey("comment"))
            {
                _fastly.Server.Lock(int.Parse(r.Path.Split('/')[^1], CultureInfo.InvariantCulture));
            }
        };

        var error = await Assert.ThrowsAnyAsync<DriverException>(() => _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10));

        Assert.Contains("409", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _fastly.Server.ActiveVersion.Number);

        _fastly.Server.AfterRequest = null;
        var retried = await _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(ApplyOutcome.Applied, retried.Outcome);
        Assert.Equal(5, _fastly.Server.ActiveVersion.Number);
        Assert.Equal(10, (await _fastly.StatusAsync()).CanaryWeight);
    }

    [Fact]
    public async Task Apply_RefusedInValidation_ActivatesNothingKeepsTheDraftAndTheSameKeyFinishesItOnceFixed()
    {
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);
        _fastly.Server.RefuseValidation = "Expected ';' at line 4, column 3";

        var error = await Assert.ThrowsAnyAsync<DriverException>(() => _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10));

        Assert.Contains("Expected ';' at line 4, column 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was activated", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_fastly.Server.Lines(), l => l == $"PUT {S}/version/3/activate");
        Assert.Equal(2, _fastly.Server.ActiveVersion.Number);
        var pending = await _fastly.StatusAsync();
        Assert.False(pending.Ready);
        Assert.Contains("Draft version 3", pending.Detail, StringComparison.Ordinal);

        _fastly.Server.RefuseValidation = null;
        var from = _fastly.Server.Requests.Count;
        var finished = await _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(ApplyOutcome.Applied, finished.Outcome);
        Assert.Equal(
        [
            $"GET {S}/version",
            $"GET {S}/version/3/backend",
            $"GET {S}/version/3/snippet",
            $"GET {S}/version/3/validate",
            $"PUT {S}/version/3/activate",
        ], _fastly.Server.Lines(from));
        Assert.True((await _fastly.StatusAsync()).Ready);
    }

    [Fact]
    public async Task Apply_CutShortAfterTheDraftWasRecorded_TheReissuedKeyFinishesTheSameDraft()
    {
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);
        var target = _fastly.Target(s => s["maxRetries"] = 0);
        _fastly.Server.Fail(r => r.Line == $"GET {S}/version/3/backend", 503, new { msg = "Service Unavailable" });

        var error = await Assert.ThrowsAnyAsync<DriverException>(() => _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 25, target));
        Assert.True(error.IsTransient);
        var from = _fastly.Server.Requests.Count;

        var result = await _fastly.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 25, target);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.DoesNotContain(_fastly.Server.Lines(from), l => l.EndsWith("/clone", StringComparison.Ordinal));
        Assert.Equal(3, _fastly.Server.ActiveVersion.Number);
        Assert.Equal(3, _fastly.Server.NewestVersion);
    }

    [Fact]
    public async Task Apply_AKeyWhoseRefusedDraftWasOvertaken_AppliesAfreshInsteadOfActivatingTheStaleDraft()
    {
        await _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);
        _fastly.Server.RefuseValidation = "Expected ';'";
        await Assert.ThrowsAnyAsync<DriverException>(() => _fastly.ApplyAsync("k-canary-10", "1.1.0", Cohorts.Canary, 10));
        _fastly.Server.RefuseValidation = null;
        await _fastly.ApplyAsync("k-canary-20", "1.1.0", Cohorts.Canary, 20);

        var late = await _fastly.ApplyAsync("k-canary-10", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(ApplyOutcome.Applied, late.Outcome);
        Assert.False(_fastly.Server.Version(3).Active);
        Assert.Equal(5, _fastly.Server.ActiveVersion.Number);
        Assert.Contains("\"previous\":4", _fastly.Server.ActiveVersion.Comment, StringComparison.Ordinal);
    }

    private static bool IsClone(RecordedRequest request) => request.Method == "PUT" && request.Path.EndsWith("/clone", StringComparison.Ordinal);
}

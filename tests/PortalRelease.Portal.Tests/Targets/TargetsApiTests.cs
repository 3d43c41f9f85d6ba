using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Portal.Tests.Targets;

public sealed class TargetsApiTests : IAsyncLifetime
{
    private const string Token = "token-1234567890";
    private TargetsPortal _portal = null!;

    public Task InitializeAsync()
    {
        _portal = new TargetsPortal();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private static object Valid(string name = "api-eu", object? settings = null, object? secrets = null) => new
    {
        name,
        kind = TargetsPortal.Kind,
        settings = settings ?? new { endpoint = "https://api.example.test", port = 8443, mode = "careful", verbose = true },
        secrets = secrets ?? new { token = Token },
    };

    [Fact]
    public async Task Create_WithValidSettingsAndSecret_ReturnsTheTargetWithSecretsOnlyMarkedSet()
    {
        using var response = await _portal.CreateAsync(Valid());
        var created = await TargetsPortal.ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal("/api/targets/api-eu", response.Headers.Location?.OriginalString);
        Assert.Equal("api-eu", created.GetProperty("name").GetString());
        Assert.Equal(TargetsPortal.Kind, created.GetProperty("kind").GetString());
        Assert.True(created.GetProperty("driverLoaded").GetBoolean());
        Assert.Equal(8443, created.GetProperty("settings").GetProperty("port").GetInt32());
        Assert.False(created.GetProperty("settings").TryGetProperty("token", out _));
        Assert.True(created.GetProperty("secrets").GetProperty("token").GetProperty("set").GetBoolean());
        Assert.False(created.GetProperty("secrets").GetProperty("auth/password").GetProperty("set").GetBoolean());

        var one = await TargetsPortal.ExpectAsync(await _portal.Http.GetAsync("/api/targets/api-eu"), HttpStatusCode.OK);
        Assert.Equal(created.GetRawText(), one.GetRawText());
        var all = await TargetsPortal.ExpectAsync(await _portal.Http.GetAsync("/api/targets"), HttpStatusCode.OK);
        Assert.Contains(all.EnumerateArray(), t => t.GetProperty("name").GetString() == "api-eu");
        Assert.DoesNotContain(Token, all.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ValueTheSchemaAndTheDriverBothRefuse_ReportsItOnceAndSavesNothing()
    {
        // The Sandbox's schema caps baseErrorRate at 1 and its driver checks the same range in its own words.
        using var response = await _portal.CreateAsync(new { name = "sbx-bad", kind = "sandbox", settings = new { baseErrorRate = 7 } });

        var errors = await TargetsPortal.ProblemErrorsAsync(response);
        Assert.Single(errors, e => e.Path == "/settings/baseErrorRate");
        Assert.Equal(HttpStatusCode.NotFound, (await _portal.Http.GetAsync("/api/targets/sbx-bad")).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("under_score")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public async Task Create_WithBadName_ReportsNameAndSavesNothing(string name)
    {
        using var response = await _portal.CreateAsync(Valid(name));
        var errors = await TargetsPortal.ProblemErrorsAsync(response);
        Assert.Contains(errors, e => e.Path == "/name");
        await AssertTargetCountAsync(0);
    }

    [Fact]
    public async Task Create_WithExistingName_IsRefused()
    {
        await _portal.CreateOkAsync(Valid());
        using var response = await _portal.CreateAsync(Valid(settings: new { endpoint = "https://other.test" }));
        var errors = await TargetsPortal.ProblemErrorsAsync(response);
        var error = Assert.Single(errors);
        Assert.Equal("/name", error.Path);
        Assert.Contains("exists already", error.Message, StringComparison.Ordinal);
        var kept = await TargetsPortal.ExpectAsync(await _portal.Http.GetAsync("/api/targets/api-eu"), HttpStatusCode.OK);
        Assert.Equal("https://api.example.test", kept.GetProperty("settings").GetProperty("endpoint").GetString());
    }

    [Theory]
    [InlineData(null, "A kind is required")]
    [InlineData("mainframe", "No loaded plugin provides kind 'mainframe'")]
    public async Task Create_WithMissingOrUnloadedKind_ReportsKind(string? kind, string expected)
    {
        using var response = await _portal.CreateAsync(new { name = "x1", kind, settings = new { } });
        var error = Assert.Single(await TargetsPortal.ProblemErrorsAsync(response));
        Assert.Equal("/kind", error.Path);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("fixture-secrets", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> SchemaCases() => new()
    {
        // settings JSON, secrets JSON, expected error path
        { """{"endpoint":"https://a.test","port":0}""", """{"token":"token-1234567890"}""", "/settings/port" },
        { """{"endpoint":"https://a.test","port":70000}""", """{"token":"token-1234567890"}""", "/settings/port" },
        { """{"endpoint":"https://a.test","port":"443"}""", """{"token":"token-1234567890"}""", "/settings/port" },
        { """{"endpoint":"https://a.test","port":1.5}""", """{"token":"token-1234567890"}""", "/settings/port" },
        { """{"endpoint":"https://a.test","mode":"slow"}""", """{"token":"token-1234567890"}""", "/settings/mode" },
        { """{"endpoint":"ftp://a.test"}""", """{"token":"token-1234567890"}""", "/settings/endpoint" },
        { """{"endpoint":"https://a.test","extra":1}""", """{"token":"token-1234567890"}""", "/settings/extra" },
        { """{"port":443}""", """{"token":"token-1234567890"}""", "/settings/endpoint" },
        { """{"endpoint":"https://a.test","auth":{"password":"x"}}""", """{"token":"token-1234567890"}""", "/settings/auth/password" },
        { """{"endpoint":"https://a.test","auth":{}}""", """{"token":"token-1234567890"}""", "/settings/auth/user" },
        { """{"endpoint":"https://a.test","verbose":"yes"}""", """{"token":"token-1234567890"}""", "/settings/verbose" },
        { """{"endpoint":"https://a.test"}""", """{}""", "/secrets/token" },
        { """{"endpoint":"https://a.test"}""", """{"token":"short"}""", "/secrets/token" },
        { """{"endpoint":"https://a.test"}""", """{"token":42}""", "/secrets/token" },
        { """{"endpoint":"https://a.test"}""", """{"token":"token-1234567890","apiKey":"abcdefgh"}""", "/secrets/apiKey" },
        { """{"endpoint":"https://a.test","token":"token-1234567890"}""", """{}""", "/settings/token" },
        { """{"endpoint":"https://invalid.test"}""", """{"token":"token-1234567890"}""", "/settings/endpoint" },
        { """[1,2]""", """{"token":"token-1234567890"}""", "/settings" },
    };

    [Theory]
    [MemberData(nameof(SchemaCases))]
    public async Task Create_WithInvalidSettingsOrSecrets_ReportsEachErrorAtItsPointerAndSavesNothing(string settings, string secrets, string path)
    {
        var body = $$"""{"name":"bad-one","kind":"fixture-secrets","settings":{{settings}},"secrets":{{secrets}}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _portal.Http.PostAsync("/api/targets", content);
        var errors = await TargetsPortal.ProblemErrorsAsync(response);
        Assert.True(errors.Any(e => e.Path == path), $"Expected an error at {path}; got {string.Join("; ", errors)}");
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        await AssertTargetCountAsync(0);
    }

    [Fact]
    public async Task Create_WithSeveralErrors_ReportsAllOfThem()
    {
        using var response = await _portal.CreateAsync(new
        {
            name = "several",
            kind = TargetsPortal.Kind,
            settings = new { port = 0, mode = "slow", auth = new { } },
            secrets = new { },
        });
        var paths = (await TargetsPortal.ProblemErrorsAsync(response)).Select(e => e.Path).ToHashSet();
        Assert.Superset(new HashSet<string> { "/settings/endpoint", "/settings/port", "/settings/mode", "/settings/auth/user", "/secrets/token" }, paths);
    }

    [Fact]
    public async Task Create_WhenTheDriverEchoesTheSecretInAnError_MasksIt()
    {
        const string rejected = "rejected-by-driver-5d1c";
        using var response = await _portal.CreateAsync(Valid(secrets: new { token = rejected }));
        var text = await response.Content.ReadAsStringAsync();
        var errors = await TargetsPortal.ProblemErrorsAsync(response);
        var error = Assert.Single(errors);
        Assert.Equal("/secrets/token", error.Path);
        Assert.Contains("[secret]", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(rejected, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":\"a\",", "not valid JSON")]
    [InlineData("{\"name\":\"a\",\"colour\":\"red\"}", "colour")]
    [InlineData("null", "not null")]
    public async Task Create_WithMalformedBody_IsAProblemSayingWhere(string body, string expected)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _portal.Http.PostAsync("/api/targets", content);
        var problem = await TargetsPortal.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertTargetCountAsync(0);
    }

    [Fact]
    public async Task Update_WithoutSecrets_KeepsThemAndReplacesSettings()
    {
        await _portal.CreateOkAsync(Valid());
        using var response = await _portal.Http.PutAsJsonAsync("/api/targets/api-eu", new { settings = new { endpoint = "https://new.example.test" } });
        var updated = await TargetsPortal.ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("https://new.example.test", updated.GetProperty("settings").GetProperty("endpoint").GetString());
        Assert.False(updated.GetProperty("settings").TryGetProperty("port", out _));
        Assert.True(updated.GetProperty("secrets").GetProperty("token").GetProperty("set").GetBoolean());
        Assert.True(updated.TryGetProperty("updatedAt", out _));

        var test = await TestAsync("api-eu");
        Assert.Equal(TargetsPortal.Describe(null, Token), test.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Update_WithSecretsSetAndNull_SetsAndClearsThem()
    {
        await _portal.CreateOkAsync(Valid(settings: new { endpoint = "https://a.test", auth = new { user = "deploy" } }, secrets: new Dictionary<string, string?> { ["token"] = Token, ["auth/password"] = "pass-one-xyz" }));
        Assert.Equal(TargetsPortal.Describe("pass-one-xyz", Token), (await TestAsync("api-eu")).GetProperty("detail").GetString());

        using (var response = await _portal.Http.PutAsJsonAsync("/api/targets/api-eu", new
        {
            settings = new { endpoint = "https://a.test", auth = new { user = "deploy" } },
            secrets = new Dictionary<string, string?> { ["token"] = "token-two-abcdef", ["auth/password"] = null },
        }))
        {
            var updated = await TargetsPortal.ExpectAsync(response, HttpStatusCode.OK);
            Assert.False(updated.GetProperty("secrets").GetProperty("auth/password").GetProperty("set").GetBoolean());
        }
        Assert.Equal(TargetsPortal.Describe(null, "token-two-abcdef"), (await TestAsync("api-eu")).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Update_ClearingARequiredSecret_IsRefusedAndKeepsTheTarget()
    {
        await _portal.CreateOkAsync(Valid());
        using var response = await _portal.Http.PutAsJsonAsync("/api/targets/api-eu", new
        {
            settings = new { endpoint = "https://a.test" },
            secrets = new Dictionary<string, string?> { ["token"] = null },
        });
        var error = Assert.Single(await TargetsPortal.ProblemErrorsAsync(response));
        Assert.Equal("/secrets/token", error.Path);
        Assert.Equal(TargetsPortal.Describe(null, Token), (await TestAsync("api-eu")).GetProperty("detail").GetString());
        var kept = await TargetsPortal.ExpectAsync(await _portal.Http.GetAsync("/api/targets/api-eu"), HttpStatusCode.OK);
        Assert.Equal(8443, kept.GetProperty("settings").GetProperty("port").GetInt32());
    }

    [Theory]
    [InlineData("""{"name":"other","settings":{"endpoint":"https://a.test"}}""", "/name")]
    [InlineData("""{"kind":"sandbox","settings":{}}""", "/kind")]
    [InlineData("""{"settings":{"endpoint":"https://a.test","port":-1}}""", "/settings/port")]
    public async Task Update_WithRenameKindChangeOrBadSettings_IsRefused(string body, string path)
    {
        await _portal.CreateOkAsync(Valid());
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _portal.Http.PutAsync("/api/targets/api-eu", content);
        Assert.Contains(await TargetsPortal.ProblemErrorsAsync(response), e => e.Path == path);
        var kept = await TargetsPortal.ExpectAsync(await _portal.Http.GetAsync("/api/targets/api-eu"), HttpStatusCode.OK);
        Assert.Equal(8443, kept.GetProperty("settings").GetProperty("port").GetInt32());
    }

    [Fact]
    public async Task GetUpdateDeleteTest_OfAnUnknownTarget_AreNotFound()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _portal.Http.GetAsync("/api/targets/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _portal.Http.PutAsJsonAsync("/api/targets/nope", new { settings = new { } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _portal.Http.DeleteAsync("/api/targets/nope")).StatusCode);
        using var test = await _portal.Http.PostAsync("/api/targets/nope/test", null);
        var problem = await TargetsPortal.ExpectAsync(test, HttpStatusCode.NotFound);
        Assert.Contains("nope", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RemovesTheTarget()
    {
        await _portal.CreateOkAsync(Valid());
        await TargetsPortal.ExpectAsync(await _portal.Http.DeleteAsync("/api/targets/api-eu"), HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await _portal.Http.GetAsync("/api/targets/api-eu")).StatusCode);
    }

    [Fact]
    public async Task TestConnection_CallsTheDriverWithTheDecryptedSecrets()
    {
        await _portal.CreateOkAsync(Valid());
        var result = await TestAsync("api-eu");
        Assert.Equal("Healthy", result.GetProperty("health").GetString());
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.True(result.GetProperty("ready").GetBoolean());
        Assert.Equal(TargetsPortal.Describe(null, Token), result.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TestConnection_WhenTheDriverFails_ReportsUnhealthyWithTheSecretMasked()
    {
        await _portal.CreateOkAsync(Valid(settings: new { endpoint = "https://a.test", failStatus = true }));
        var result = await TestAsync("api-eu");
        Assert.Equal("Unhealthy", result.GetProperty("health").GetString());
        Assert.False(result.GetProperty("ok").GetBoolean());
        var detail = result.GetProperty("detail").GetString()!;
        Assert.Contains("Could not authenticate with token [secret]", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnection_OfTheSeededSandboxTarget_IsHealthy()
    {
        var result = await TestAsync("sandbox-eu");
        Assert.Equal("Healthy", result.GetProperty("health").GetString());
    }

    private async Task<JsonElement> TestAsync(string name)
    {
        using var response = await _portal.Http.PostAsync($"/api/targets/{name}/test", null);
        return await TargetsPortal.ExpectAsync(response, HttpStatusCode.OK);
    }

    private async Task AssertTargetCountAsync(int fixtureTargets)
    {
        var all = await TargetsPortal.ExpectAsync(await _portal.Http.GetAsync("/api/targets"), HttpStatusCode.OK);
        Assert.Equal(fixtureTargets, all.EnumerateArray().Count(t => t.GetProperty("kind").GetString() == TargetsPortal.Kind));
    }
}

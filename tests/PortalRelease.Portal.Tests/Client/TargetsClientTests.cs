using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Targets;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's target methods against the real in-memory portal, and the targets' contracts against what it serves.</summary>
public sealed class TargetsClientTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("targets-client-").FullName;
    private readonly TempPortalHome _home = new();
    private TestPortal _portal = null!;
    private PortalRelease.Client.PortalClient _client = null!;

    public Task InitializeAsync()
    {
        DryRunApiTests.CopyPlugin(_home.PluginsDirectory);
        _portal = new TestPortal(new Dictionary<string, string> { ["Portal:TargetPolicy:Kinds:db-migrations:Root"] = _work }, _home);
        _client = new PortalRelease.Client.PortalClient(_portal.Http);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        _home.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task CreateGetUpdateDelete_ASandboxTarget_EachAnswersTheTargetThenGetIs404()
    {
        var settings = JsonSerializer.SerializeToElement(new { baseErrorRate = 0.01 });

        var created = await _client.CreateTargetAsync(new TargetRequest("web-client", "sandbox", settings, null, Environment: "staging"));
        var got = await _client.GetTargetAsync("web-client");
        var updated = await _client.UpdateTargetAsync("web-client", new TargetRequest("web-client", "sandbox", settings, null, Team: "payments"));

        Assert.Equal(("web-client", "sandbox", "staging"), (created.Name, created.Kind, created.Environment));
        Assert.Equal((created.Name, created.Kind, created.Environment, created.CreatedAt), (got.Name, got.Kind, got.Environment, got.CreatedAt));
        Assert.Equal(0.01, got.Settings.GetProperty("baseErrorRate").GetDouble());
        // Left out on update, the environment keeps its stored value.
        Assert.Equal(("staging", "payments"), (updated.Environment, updated.Team));
        Assert.Contains(await _client.ListTargetsAsync(), t => t.Name == "web-client");
        ContractAssert.RoundTrips<TargetView>(await _portal.Http.GetStringAsync("/api/targets/web-client"));
        ContractAssert.RoundTrips<List<TargetView>>(await _portal.Http.GetStringAsync("/api/targets"));

        await _client.DeleteTargetAsync("web-client");

        var gone = await Assert.ThrowsAsync<PortalApiException>(() => _client.GetTargetAsync("web-client"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(404, gone.Problem?.Status);
        var again = await Assert.ThrowsAsync<PortalApiException>(() => _client.DeleteTargetAsync("web-client"));
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
    }

    [Fact]
    public async Task CreateTarget_InputThePortalRefuses_ThrowsA400WithEachErrorByPath()
    {
        var bad = new TargetRequest("sbx-bad", "sandbox", JsonSerializer.SerializeToElement(new { baseErrorRate = 7 }), null);

        var error = await Assert.ThrowsAsync<PortalApiException>(() => _client.CreateTargetAsync(bad));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains(error.TargetErrors, e => e.Path == "/settings/baseErrorRate" && e.Message.Length > 0);
        Assert.Contains("nothing was saved", error.Problem?.Detail, StringComparison.Ordinal);
        Assert.Empty(error.FieldErrors);
        using var served = await _portal.Http.PostAsJsonAsync("/api/targets", bad, ContractJson.Options);
        var problem = ContractAssert.RoundTrips<TargetProblem>(await served.Content.ReadAsStringAsync());
        Assert.Equal(error.TargetErrors, problem.Errors);
    }

    [Fact]
    public async Task UpdateTarget_Renamed_Is400NamingTheName_AndAMissingTargetIs404()
    {
        await _client.CreateTargetAsync(new TargetRequest("web-keep", "sandbox", JsonSerializer.SerializeToElement(new { }), null));

        var renamed = await Assert.ThrowsAsync<PortalApiException>(() =>
            _client.UpdateTargetAsync("web-keep", new TargetRequest("web-other", "sandbox", JsonSerializer.SerializeToElement(new { }), null)));
        var missing = await Assert.ThrowsAsync<PortalApiException>(() =>
            _client.UpdateTargetAsync("nowhere", new TargetRequest("nowhere", "sandbox", JsonSerializer.SerializeToElement(new { }), null)));

        Assert.Equal("/name", Assert.Single(renamed.TargetErrors).Path);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Empty(missing.TargetErrors);
    }

    [Fact]
    public async Task DryRunTarget_DbMigrationsTarget_AnswersThePlanWithItsQuery_AndABadQueryIs400()
    {
        var migrations = Path.Combine(_work, "migrations", "1.1.0");
        Directory.CreateDirectory(migrations);
        File.WriteAllText(Path.Combine(migrations, "0001_add_email.expand.sql"), "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);");
        await _client.CreateTargetAsync(new TargetRequest(
            "app-db",
            "db-migrations",
            JsonSerializer.SerializeToElement(new { provider = "sqlite", migrationsPath = Path.Combine(_work, "migrations"), lockTimeout = "2s" }),
            new Dictionary<string, JsonElement> { ["connectionString"] = JsonSerializer.SerializeToElement($"Data Source={Path.Combine(_work, "app.db")}") }));

        var plan = await _client.DryRunTargetAsync("app-db", "1.1.0", cohort: "canary", weight: 25, strategy: "canary");

        Assert.Equal(("app-db", "db-migrations", "1.1.0", "canary", 25, "canary"), (plan.Target, plan.Kind, plan.Version, plan.Cohort, plan.Weight, plan.Strategy));
        Assert.Contains(plan.Steps, s => s.Title == "Run expand migration 1.1.0/0001_add_email.expand.sql");
        ContractAssert.RoundTrips<DryRunView>(await _portal.Http.GetStringAsync("/api/targets/app-db/dry-run?version=1.1.0&weight=25"));
        var bad = await Assert.ThrowsAsync<PortalApiException>(() => _client.DryRunTargetAsync("app-db", "1.1.0", weight: 150));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("'weight' is '150'", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestTarget_ASandboxTarget_AnswersItsHealth()
    {
        await _client.CreateTargetAsync(new TargetRequest("sbx-test", "sandbox", JsonSerializer.SerializeToElement(new { }), null));

        var result = await _client.TestTargetAsync("sbx-test");

        Assert.True(result.Ok, result.Detail);
        using var served = await _portal.Http.PostAsync("/api/targets/sbx-test/test", null);
        ContractAssert.RoundTrips<TargetTestResultView>(await served.Content.ReadAsStringAsync());
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>Idempotency keys belong to the acting user, count for 24 h and are then swept; the hash, not the body, is kept.</summary>
public sealed class IdempotencyKeyRetentionTests : PortalTest
{
    [Fact]
    public async Task CreateRelease_KeyPastRetention_CreatesANewReleaseAndTheSweepDeletesTheOldKey()
    {
        var firstId = await PostAsync("key-expiring", "7.7.0");
        await AgeKeysAsync(IdempotencyKeyRepository.Retention + TimeSpan.FromMinutes(1));

        using var later = await SendAsync("key-expiring", "7.7.0");

        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.False(later.Headers.Contains("Idempotent-Replayed"));
        var laterId = (await later.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.NotEqual(firstId, laterId);
        // The expired row gave way to the new one in the creating transaction.
        Assert.Equal([laterId], (await KeysAsync()).Select(k => k.ReleaseId));
        await AgeKeysAsync(IdempotencyKeyRepository.Retention - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await Services.GetRequiredService<IdempotencyKeySweeper>().SweepAsync());
        await AgeKeysAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await Services.GetRequiredService<IdempotencyKeySweeper>().SweepAsync());
        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task CreateRelease_SameKeyFromAnotherUser_CreatesThatUsersOwnRelease()
    {
        var releases = Services.GetRequiredService<ReleaseService>();
        var key = IdempotencyKey.Parse("shared-key", out _)!;
        var request = new NewRelease("quick-canary", "7.8.0", new Dictionary<string, JsonElement>());

        var alice = await releases.CreateAsync(request, TestActor.Of("alice"), key);
        var bob = await releases.CreateAsync(request, TestActor.Of("bob"), key);
        var aliceAgain = await releases.CreateAsync(request, TestActor.Of("alice"), key);

        Assert.NotNull(alice.Id);
        Assert.NotNull(bob.Id);
        Assert.NotEqual(alice.Id, bob.Id);
        Assert.Equal(alice.Id, aliceAgain.Id);
        Assert.True(aliceAgain.Replayed);
        Assert.Equal(["alice", "bob"], (await KeysAsync()).Select(k => k.Actor).Order());
    }

    [Fact]
    public async Task CreateRelease_WithKey_StoresTheCanonicalHashNeverTheBody()
    {
        await PostAsync("key-hash", "7.9.0");

        var stored = Assert.Single(await KeysAsync());
        Assert.Matches("^[0-9a-f]{64}$", stored.RequestHash);
        Assert.Equal(RequestFingerprint.Of(new NewRelease("quick-canary", "7.9.0", new Dictionary<string, JsonElement>())), stored.RequestHash);
    }

    private IServiceProvider Services => Portal.Services;

    private async Task<HttpResponseMessage> SendAsync(string key, string version)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases")
        {
            Content = new StringContent($$"""{"template":"quick-canary","version":"{{version}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await Client.Http.SendAsync(request);
    }

    private async Task<string> PostAsync(string key, string version)
    {
        using var answer = await SendAsync(key, version);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={Portal.Home.DatabaseFile}");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Moves every stored key's creation back by <paramref name="age"/>, as time passing would.</summary>
    private async Task AgeKeysAsync(TimeSpan age)
    {
        await using var connection = await OpenAsync();
        foreach (var key in await KeysAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE idempotency_keys SET created_at = @at WHERE actor = @Actor AND idempotency_key = @Key",
                new { at = DbTime.Format(DateTimeOffset.Parse(key.CreatedAt, CultureInfo.InvariantCulture) - age), key.Actor, key.Key });
        }
    }

    private async Task<List<KeyRow>> KeysAsync()
    {
        await using var connection = await OpenAsync();
        return (await connection.QueryAsync<KeyRow>(
            "SELECT actor AS Actor, idempotency_key AS Key, request_hash AS RequestHash, release_id AS ReleaseId, created_at AS CreatedAt FROM idempotency_keys")).ToList();
    }

    private sealed record KeyRow(string Actor, string Key, string RequestHash, string ReleaseId, string CreatedAt);
}

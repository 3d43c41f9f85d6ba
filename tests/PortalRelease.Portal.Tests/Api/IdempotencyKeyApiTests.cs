using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>
/// <c>POST /api/releases</c> with an <c>Idempotency-Key</c>: a retry answers with the first release, a reused key for
/// another request is a 409, a bad key a 400, and concurrent duplicates make one release (the database decides).
/// </summary>
public sealed class IdempotencyKeyApiTests : PortalTest
{
    private const string Header = "Idempotency-Key";

    [Fact]
    public async Task CreateRelease_RetriedWithSameKeyAndBody_AnswersWithTheFirstReleaseAndCreatesOne()
    {
        using var first = await PostAsync("key-retry-1", """{"template":"quick-canary","version":"7.1.0","parameters":{}}""");
        // The same request as a retrying client may send it: members reordered, other spacing and escapes.
        using var retry = await PostAsync("key-retry-1", """{ "parameters": { }, "version": "7.1.0", "template": "quick\u002Dcanary" }""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var id = await IdOf(first);
        Assert.Equal(id, await IdOf(retry));
        Assert.Equal($"/api/releases/{id}", retry.Headers.Location?.OriginalString);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], retry.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal([id], await ReleasesOfVersionAsync("7.1.0"));
    }

    [Fact]
    public async Task CreateRelease_SameKeyDifferentBody_Is409ProblemAndCreatesNothing()
    {
        using var first = await PostAsync("key-reused", """{"template":"quick-canary","version":"7.2.0"}""");
        var id = await IdOf(first);

        using var reused = await PostAsync("key-reused", """{"template":"quick-canary","version":"7.2.1"}""");

        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        var detail = (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("different request", detail);
        Assert.Contains(id, detail);
        Assert.Empty(await ReleasesOfVersionAsync("7.2.1"));
        Assert.Equal([id], await ReleasesOfVersionAsync("7.2.0"));
    }

    [Fact]
    public async Task CreateRelease_TwentyConcurrentWithOneKey_CreatesExactlyOneAndEveryAnswerNamesIt()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            PostAsync("key-concurrent", """{"template":"quick-canary","version":"7.3.0"}""")));

        var ids = new List<string>();
        foreach (var answer in answers)
        {
            Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            ids.Add(await IdOf(answer));
            answer.Dispose();
        }
        var created = Assert.Single(await ReleasesOfVersionAsync("7.3.0"));
        Assert.All(ids, id => Assert.Equal(created, id));
        Assert.Single(await Client.GetEventsAsync(created), e => e.Type == "ReleaseCreated");
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"never closed")]
    [InlineData("\"a\"b\"")]
    [InlineData("\"bad \\n escape\"")]
    [InlineData("LONG")]
    public async Task CreateRelease_MalformedKey_Is400NamingTheHeaderAndCreatesNothing(string key)
    {
        key = key == "LONG" ? new string('k', 256) : key;

        using var answer = await PostAsync(key, """{"template":"quick-canary","version":"7.4.0"}""");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Idempotency-Key header", problem.GetProperty("detail").GetString());
        Assert.Equal(Header, problem.GetProperty("header").GetString());
        Assert.DoesNotContain(new string('k', 50), problem.GetRawText());
        Assert.Empty(await ReleasesOfVersionAsync("7.4.0"));
    }

    [Fact]
    public async Task CreateRelease_TwoKeyHeaders_Is400()
    {
        using var request = Request("""{"template":"quick-canary","version":"7.4.1"}""");
        request.Headers.TryAddWithoutValidation(Header, ["one", "two"]);

        using var answer = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Empty(await ReleasesOfVersionAsync("7.4.1"));
    }

    [Fact]
    public async Task CreateRelease_QuotedKey_IsTheSameKeyAsItsBareForm()
    {
        using var bare = await PostAsync("8e03978e-40d5", """{"template":"quick-canary","version":"7.5.0"}""");
        using var quoted = await PostAsync("\"8e03978e-40d5\"", """{"template":"quick-canary","version":"7.5.0"}""");

        Assert.Equal(await IdOf(bare), await IdOf(quoted));
        Assert.Single(await ReleasesOfVersionAsync("7.5.0"));
    }

    [Fact]
    public async Task CreateRelease_FirstRequestInvalid_StoresNoKeySoTheCorrectedRetryCreates()
    {
        using var invalid = await PostAsync("key-after-fix", """{"template":"quick-canary","version":"not a version"}""");
        using var corrected = await PostAsync("key-after-fix", """{"template":"quick-canary","version":"7.6.0"}""");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.Equal([await IdOf(corrected)], await ReleasesOfVersionAsync("7.6.0"));
    }

    private static HttpRequestMessage Request(string json) =>
        new(HttpMethod.Post, "/api/releases") { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private async Task<HttpResponseMessage> PostAsync(string key, string json)
    {
        var request = Request(json);
        request.Headers.TryAddWithoutValidation(Header, key);
        return await Client.Http.SendAsync(request);
    }

    private static async Task<string> IdOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private async Task<List<string>> ReleasesOfVersionAsync(string version)
    {
        var list = await Client.Http.GetFromJsonAsync<JsonElement>("/api/releases");
        return list.EnumerateArray().Where(r => r.GetProperty("version").GetString() == version).Select(r => r.GetProperty("id").GetString()!).ToList();
    }
}

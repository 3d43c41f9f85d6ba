using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>
/// The crash campaign's duplicate: a client's POST commits a release, the portal is SIGKILLed before the client reads
/// the answer, the portal starts again over the same SQLite file and the client retries with its Idempotency-Key.
/// </summary>
public sealed class IdempotentCreateKillTests : IDisposable
{
    private const string Key = "ci-run-4711";
    private const string Body = """{"template":"quick-canary","version":"8.0.0"}""";

    private readonly TempPortalHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task CreateRelease_PortalKilledBeforeTheClientReadTheAnswer_RetryWithTheKeyGetsTheOneRelease()
    {
        string committed;
        await using (var first = await PortalProcess.StartAsync(_home))
        {
            // A raw connection: the request goes out and the answer is never read, as when the portal dies mid-answer.
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, first.Port);
            var request = "POST /api/releases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + $"Idempotency-Key: {Key}\r\nContent-Length: {Encoding.UTF8.GetByteCount(Body)}\r\n\r\n{Body}";
            await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(request));
            committed = await Poll.UntilAsync(async () => (await ReleasesOfVersionAsync(first.Http)).SingleOrDefault(), "the release to be committed");

            await first.KillAsync();
        }

        await using var second = await PortalProcess.StartAsync(_home);
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        retry.Headers.Add("Idempotency-Key", Key);
        using var answer = await second.Http.SendAsync(retry);

        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{(int)answer.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(committed, json.RootElement.GetProperty("id").GetString());
        Assert.Equal($"/api/releases/{committed}", answer.Headers.Location?.OriginalString);
        Assert.Equal([committed], await ReleasesOfVersionAsync(second.Http));
        Assert.Single(await second.Client.GetEventsAsync(committed), e => e.Type == "ReleaseCreated");
    }

    private static async Task<List<string>> ReleasesOfVersionAsync(HttpClient http)
    {
        var list = await http.GetFromJsonAsync<JsonElement>("/api/releases");
        return list.EnumerateArray().Where(r => r.GetProperty("version").GetString() == "8.0.0").Select(r => r.GetProperty("id").GetString()!).ToList();
    }
}

using System.Net;
using System.Net.Http.Json;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>
/// Many releases created at the same moment through the API: each gets its 201 and its row and first event (the
/// journal writer serialises them through one IMMEDIATE transaction per batch, so SQLite never answers "database is
/// locked" to a creation, whatever runs beside it).
/// </summary>
public sealed class ConcurrentCreationTests : PortalTest
{
    [Fact]
    public async Task CreateRelease_FortyAtOnce_EveryOneIsCreatedWithItsFirstEvent()
    {
        var responses = await Task.WhenAll(Enumerable.Range(1, 40).Select(i =>
            Client.Http.PostAsJsonAsync("/api/releases", new { template = "quick-canary", version = $"5.{i}.0" })));

        var failures = new List<string>();
        foreach (var response in responses)
        {
            if (response.StatusCode != HttpStatusCode.Created)
            {
                failures.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        Assert.Empty(failures);
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<Created>())!.Id));
        Assert.Equal(40, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var id in ids)
        {
            var events = await Client.GetEventsAsync(id);
            Assert.Equal("ReleaseCreated", events[0].Type);
        }
    }

    private sealed record Created(string Id);
}

using System.Text.Json;
using Microsoft.Playwright;

namespace PortalRelease.E2E.Tests;

/// <summary>
/// A page on another origin, in a real browser, tries to make it act on the portal. The portal runs in Development
/// mode, where every request is signed in as the development identity — the worst case: only the origin check stands
/// between a visited web page and the portal. The page is served by the browser's request routing at
/// <c>http://evil.test</c>, so chromium treats it as the foreign site it pretends to be.
/// </summary>
public sealed class CrossOriginTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string EvilOrigin = "http://evil.test";

    [Fact]
    public async Task FormPostFromAnotherOrigin_IsRefusedByThePortal_AndCreatesNothing()
    {
        var before = await ReleaseCountAsync();
        var page = await EvilPageAsync($$"""
            <form id="f" method="post" action="{{browser.BaseUrl}}/api/releases" enctype="text/plain">
              <input type="hidden" name='{"template":"quick-canary","version":"6.6.6","x":"' value='"}'>
            </form>
            <script>document.getElementById('f').submit();</script>
            """);

        // The browser navigated to the portal's answer: the refusal, not a created release.
        await page.WaitForURLAsync(browser.BaseUrl + "/api/releases");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Cross-origin request refused");
        Assert.Equal(before, await ReleaseCountAsync());
    }

    [Fact]
    public async Task FetchAndHubFromAnotherOrigin_ChangeNothing_AndReadNothing()
    {
        var before = await ReleaseCountAsync();
        var page = await EvilPageAsync($$"""
            <script>
              window.results = {};
              const portal = '{{browser.BaseUrl}}';
              const post = fetch(portal + '/api/releases', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' },
                body: JSON.stringify({ template: 'quick-canary', version: '6.6.7' }) }).then(() => 'sent', e => 'blocked: ' + e);
              const read = fetch(portal + '/api/releases').then(r => r.text()).then(t => 'read ' + t.length, e => 'blocked: ' + e);
              const hub = fetch(portal + '/hubs/releases/negotiate?negotiateVersion=1', { method: 'POST', mode: 'no-cors' }).then(() => 'sent', e => 'blocked: ' + e);
              Promise.all([post, read, hub]).then(([p, r, h]) => { window.results = { post: p, read: r, hub: h }; document.title = 'done'; });
            </script>
            """);

        await Assertions.Expect(page).ToHaveTitleAsync("done");
        var results = await page.EvaluateAsync<JsonElement>("() => window.results");
        // The browser's same-origin policy keeps a foreign page from reading the answer (no CORS headers are sent).
        Assert.StartsWith("blocked", results.GetProperty("read").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await ReleaseCountAsync());
    }

    private async Task<IPage> EvilPageAsync(string body)
    {
        var page = await browser.Browser.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.RouteAsync(EvilOrigin + "/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<!DOCTYPE html><html><head><title>evil</title></head><body>{body}</body></html>",
        }));
        await page.GotoAsync(EvilOrigin + "/");
        return page;
    }

    private async Task<int> ReleaseCountAsync()
    {
        using var http = new HttpClient();
        using var list = JsonDocument.Parse(await http.GetStringAsync(browser.BaseUrl + "/api/releases"));
        return list.RootElement.GetArrayLength();
    }
}

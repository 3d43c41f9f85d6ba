using System.Net;
using System.Text.RegularExpressions;

namespace PortalRelease.Portal.Tests.Identity.Oidc;

/// <summary>
/// A browser made of HttpClient: one cookie jar for the portal and the provider (both on 127.0.0.1, as in a real
/// browser cookies ignore the port), redirects followed one by one so every hop can be seen, forms read from the HTML.
/// </summary>
internal sealed partial class OidcBrowser : IDisposable
{
    private readonly HttpClient _http;

    public OidcBrowser()
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>Every address requested, in order.</summary>
    public List<Uri> Visited { get; } = [];

    public async Task<HttpResponseMessage> GetAsync(Uri address)
    {
        Visited.Add(address);
        return await _http.GetAsync(address);
    }

    public async Task<HttpResponseMessage> PostFormAsync(Uri address, IReadOnlyDictionary<string, string> fields)
    {
        Visited.Add(address);
        return await _http.PostAsync(address, new FormUrlEncodedContent(fields));
    }

    /// <summary>Follows redirects from <paramref name="response"/> until a page answers; returns that page.</summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 20; hops++)
        {
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is null)
            {
                return response;
            }
            var next = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location);
            response.Dispose();
            response = await GetAsync(next);
        }
        throw new InvalidOperationException("More than 20 redirects: " + string.Join(" -> ", Visited.TakeLast(20)));
    }

    /// <summary>Submits the page's first form with its hidden fields and <paramref name="fields"/>, following redirects.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(HttpResponseMessage page, IReadOnlyDictionary<string, string>? fields = null)
    {
        var html = await page.Content.ReadAsStringAsync();
        var form = FormTag().Match(html);
        Assert.True(form.Success, $"No form on {page.RequestMessage!.RequestUri}:\n{html[..Math.Min(html.Length, 2000)]}");
        var action = WebUtility.HtmlDecode(ActionAttribute().Match(form.Value).Groups[1].Value);
        var values = new Dictionary<string, string>();
        foreach (Match input in HiddenInput().Matches(html))
        {
            var name = NameAttribute().Match(input.Value);
            var value = ValueAttribute().Match(input.Value);
            if (name.Success)
            {
                values[WebUtility.HtmlDecode(name.Groups[1].Value)] = WebUtility.HtmlDecode(value.Groups[1].Value);
            }
        }
        foreach (var (key, value) in fields ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }
        var target = new Uri(page.RequestMessage!.RequestUri!, action);
        page.Dispose();
        return await FollowAsync(await PostFormAsync(target, values));
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<form[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FormTag();

    [GeneratedRegex("action=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ActionAttribute();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();

    [GeneratedRegex("name=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex NameAttribute();

    [GeneratedRegex("value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ValueAttribute();
}

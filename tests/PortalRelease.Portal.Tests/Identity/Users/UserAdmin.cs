using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Tests.Identity.Users;

/// <summary>What the local-user tests share: the bootstrap admin calling the API, a user created and signed in.</summary>
internal static class UserAdmin
{
    public const string NewPassword = "a long password nobody guesses";

    private static readonly PortalUser Admin = new("admin", "Administrator", null, ["admins"], "local");

    /// <summary>A client calling the API as the bootstrap admin (member of <c>admins</c>) through one of its tokens.</summary>
    public static async Task<HttpClient> AdminAsync(LocalPortal portal)
    {
        using (var browser = portal.Browser())
        {
            (await browser.GetAsync("/healthz")).Dispose();
        }
        var token = await portal.Services.GetRequiredService<ApiTokenService>().CreateAsync(Admin, "admin", TimeSpan.FromDays(1));
        return Bearer(portal, token.Value);
    }

    public static HttpClient Bearer(LocalPortal portal, string token)
    {
        var client = portal.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a user over the API; returns its one-time password.</summary>
    public static async Task<string> CreateAsync(HttpClient admin, string userName, params string[] groups)
    {
        var body = JsonSerializer.Serialize(new { userName, displayName = $"User {userName}", groups });
        using var response = await admin.PostAsync("/api/access/users", JsonBody(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
    }

    /// <summary>A browser signed in as a new user who has chosen <see cref="NewPassword"/>.</summary>
    public static async Task<HttpClient> SignedInAsync(LocalPortal portal, string userName, string oneTimePassword)
    {
        var browser = portal.Browser();
        using var signIn = await LocalPortal.SignInAsync(browser, userName, oneTimePassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var changed = await LocalPortal.ChangePasswordAsync(browser, oneTimePassword, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        using var page = await PageAsync(browser, "/templates");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return browser;
    }

    public static async Task<JsonElement> GetAsync(HttpClient admin, string id)
    {
        using var response = await admin.GetAsync($"/api/access/users/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Where a redirect points, as path and query on this portal.</summary>
    public static string Target(HttpResponseMessage response) => new Uri(new Uri("http://localhost/"), response.Headers.Location!).PathAndQuery;

    public static Task<HttpResponseMessage> PageAsync(HttpClient browser, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        return browser.SendAsync(request);
    }

    /// <summary>Audit rows of one action family (<c>account</c>…), oldest first.</summary>
    public static async Task<IReadOnlyList<AuditRecord>> AuditAsync(LocalPortal portal, string family) =>
        (await portal.Services.GetRequiredService<PortalRelease.Portal.Data.AuditLogQueries>()
            .NewestAsync(new AuditFilter { Action = new AuditMatch(family, AuditMatchKind.Family) }, null, 200, CancellationToken.None))
        .OrderBy(r => r.Id)
        .ToList();

    public static StringContent JsonBody(string body) => new(body, Encoding.UTF8, "application/json");
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>
/// The whole portal in memory in its shipped sign-in mode (<c>Portal:Auth:Mode: Local</c>, the default) over a fresh
/// home, with browsers that keep cookies and do not follow redirects, so each step of signing in can be asserted.
/// </summary>
internal sealed partial class LocalPortal : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly bool _ownsHome;

    public LocalPortal(IReadOnlyDictionary<string, string>? settings = null)
        : this(new TempPortalHome(), settings, ownsHome: true)
    {
    }

    /// <summary>A portal over a home the caller keeps (and disposes), to look at its files after the portal stopped.</summary>
    public LocalPortal(TempPortalHome home, IReadOnlyDictionary<string, string>? settings = null)
        : this(home, settings, ownsHome: false)
    {
    }

    private LocalPortal(TempPortalHome home, IReadOnlyDictionary<string, string>? settings, bool ownsHome)
    {
        Home = home;
        _ownsHome = ownsHome;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Portal:DataDirectory", Home.DataDirectory)
                .UseSetting("Portal:PluginsDirectory", Home.PluginsDirectory)
                .UseSetting("Portal:SeedDemoHistory", "false");
            foreach (var (key, value) in Targets.TestKeyRing.ForPostgres(settings))
            {
                builder.UseSetting(key, value);
            }
        });
    }

    public TempPortalHome Home { get; }

    public IServiceProvider Services => _factory.Services;

    public string PasswordFile => Path.Combine(Home.DataDirectory, "initial-admin-password");

    /// <summary>A new browser: its own cookie jar, redirects left to the test.</summary>
    public HttpClient Browser() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A browser whose cookies the test can read (the session cookie, to act as its circuit would).</summary>
    public HttpClient Browser(System.Net.CookieContainer jar) =>
        _factory.CreateDefaultClient(new Uri("http://localhost/"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(jar));

    public string InitialPassword() => File.ReadAllText(PasswordFile).Trim();

    /// <summary>Loads a form page and posts its form with the page's antiforgery token and the given fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string formName, IReadOnlyDictionary<string, string> fields)
    {
        using var get = await browser.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var html = await get.Content.ReadAsStringAsync();
        // Exactly one: a browser posts every field, and two tokens arrive joined into one invalid value.
        var tokens = AntiforgeryField().Matches(html);
        Assert.True(tokens.Count == 1, $"{page} carries {tokens.Count} antiforgery tokens; a form needs exactly one.");
        var token = tokens[0];
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = formName,
        };
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }
        return await browser.PostAsync(page, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password, string page = "/account/login") =>
        PostFormAsync(browser, page, "login", new Dictionary<string, string> { ["Input.UserName"] = user, ["Input.Password"] = password });

    public static Task<HttpResponseMessage> ChangePasswordAsync(HttpClient browser, string current, string replacement, string? confirm = null) =>
        PostFormAsync(browser, "/account/password", "password", new Dictionary<string, string>
        {
            ["Input.Current"] = current,
            ["Input.Replacement"] = replacement,
            ["Input.Confirm"] = confirm ?? replacement,
        });

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsHome)
        {
            Home.Dispose();
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

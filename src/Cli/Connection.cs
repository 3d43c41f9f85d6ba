using System.CommandLine;
using PortalRelease.Client;

namespace PortalRelease.Cli;

/// <summary>
/// The portal a command talks to: <c>--url</c>/<c>--token</c>, else <c>PORTAL_URL</c>/<c>PORTAL_TOKEN</c>, else what
/// <c>portal login</c> stored (<see cref="StoredLogin"/>).
/// </summary>
public static class Connection
{
    /// <summary>A client, or null after writing why not (no URL, or one that is not http(s)): the caller exits with 2.</summary>
    public static PortalClient? Open(ParseResult parsed, CommonOptions common, CliConsole console)
    {
        StoredLogin? stored = null;
        try
        {
            stored = StoredLogin.Read();
        }
        catch (InvalidDataException error)
        {
            // A broken file must not stop a command that names its portal and token itself; without them, the
            // "no portal address" below follows this line.
            console.ErrorLine($"warning: ignoring the stored login: {error.Message}");
        }
        if (stored is not null && StoredLogin.LooseMode() is { } mode)
        {
            console.ErrorLine($"warning: {StoredLogin.FilePath()} holds a token and others may read it (mode {mode}): chmod 600 it, or run 'portal login' again.");
        }
        var url = parsed.GetValue(common.Url) ?? Variable(CommonOptions.UrlVariable) ?? stored?.Url;
        if (string.IsNullOrWhiteSpace(url))
        {
            console.Error.WriteLine($"error: no portal address: pass --url, set {CommonOptions.UrlVariable} or run 'portal login'.");
            return null;
        }
        if (Address(url, console) is not { } root)
        {
            return null;
        }
        // The stored token goes only to the portal it was stored for: a --url or PORTAL_URL naming another server
        // must not receive it.
        var storedToken = stored is not null && Address(stored.Url, null) is { } storedRoot && storedRoot == root ? stored.Token : null;
        var token = parsed.GetValue(common.Token) ?? Variable(CommonOptions.TokenVariable) ?? storedToken;
        return new PortalClient(root, token);
    }

    /// <summary>An environment variable, null when unset or blank (a CI system's empty variable means "not given").</summary>
    public static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>
    /// <paramref name="url"/> as the portal's root address, or null after writing why not to <paramref name="console"/>
    /// (when given). Relative API paths resolve under the base only when it ends with '/' (a portal under a path prefix).
    /// </summary>
    public static Uri? Address(string url, CliConsole? console)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            console?.ErrorLine($"error: --url must be an http(s) address such as https://portal.example.com; got '{WithoutUserInfo(url)}'.");
            return null;
        }
        if (address.UserInfo.Length > 0)
        {
            // A password in the address would be echoed in every message that names the portal, and the tool never
            // sends it: drop it, and say so without repeating it.
            console?.ErrorLine("warning: ignoring the user name and password in the portal's address; pass the token with --token or PORTAL_TOKEN.");
            address = new UriBuilder(address) { UserName = "", Password = "" }.Uri;
        }
        return address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
    }

    /// <summary><paramref name="url"/> with anything between "//" and an '@' of the authority replaced, for messages.</summary>
    private static string WithoutUserInfo(string url)
    {
        var start = url.IndexOf("//", StringComparison.Ordinal);
        if (start < 0)
        {
            return url;
        }
        start += 2;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var at = url.LastIndexOf('@', end < 0 ? url.Length - 1 : end - 1, (end < 0 ? url.Length : end) - start);
        return at < 0 ? url : string.Concat(url.AsSpan(0, start), "…", url.AsSpan(at));
    }
}

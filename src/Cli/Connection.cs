using System.CommandLine;
using PortalRelease.Client;

namespace PortalRelease.Cli;

/// <summary>The portal a command talks to: <c>--url</c>/<c>--token</c>, else <c>PORTAL_URL</c>/<c>PORTAL_TOKEN</c>.</summary>
public static class Connection
{
    /// <summary>A client, or null after writing why not (no URL, or one that is not http(s)): the caller exits with 2.</summary>
    public static PortalClient? Open(ParseResult parsed, CommonOptions common, CliConsole console)
    {
        var url = parsed.GetValue(common.Url) ?? Environment.GetEnvironmentVariable(CommonOptions.UrlVariable);
        var token = parsed.GetValue(common.Token) ?? Environment.GetEnvironmentVariable(CommonOptions.TokenVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            console.Error.WriteLine($"error: no portal address: pass --url or set {CommonOptions.UrlVariable}.");
            return null;
        }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            console.ErrorLine($"error: --url must be an http(s) address such as https://portal.example.com; got '{url}'.");
            return null;
        }
        // Relative API paths resolve under the base only when it ends with '/' (a portal served under a path prefix).
        var root = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        return new PortalClient(root, token);
    }
}

using System.Runtime.Versioning;
using System.Text.Json;

namespace PortalRelease.Cli.Tests;

/// <summary>
/// <c>portal login</c>/<c>logout</c>: the token is checked against the portal, stored for later commands in a file only
/// its owner can read (under a temporary <c>XDG_CONFIG_HOME</c> here), sent only to the portal it was stored for, and
/// never printed.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class LoginTests(CliFixture portal)
{
    private const string CallerJson = """{"user":"ci-bot","name":"CI bot","method":"token","groups":["deployers"],"grants":[]}""";

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Login_ValidToken_Stores0600FileThatLaterCommandsUseUntilLogout()
    {
        var config = Directory.CreateTempSubdirectory("portal-cli-config-").FullName;
        try
        {
            var environment = new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = config, ["PORTAL_URL"] = null };
            var url = portal.PortalUrl.ToString();

            var login = await portal.PortalWithAsync(environment, null, "login", "--url", url, "--token", "prt_cli-login-test");
            var file = Path.Combine(config, "portal", "config.json");
            var stored = File.Exists(file) ? JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone() : default;
            var fileMode = File.Exists(file) ? File.GetUnixFileMode(file) : default;
            var folderMode = File.GetUnixFileMode(Path.Combine(config, "portal"));
            // A CI system's blank variable counts as not given: the stored address still applies.
            var list = await portal.PortalWithAsync(new Dictionary<string, string?>(environment) { ["PORTAL_URL"] = "" }, null, "release", "list");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var loose = await portal.PortalWithAsync(environment, null, "plugins");
            var logout = await portal.PortalWithAsync(environment, null, "logout");
            var after = await portal.PortalWithAsync(environment, null, "release", "list");

            Assert.True(login.ExitCode == 0, login.ToString());
            Assert.Equal($"logged in to {url} as {CliFixture.ToolUser}", login.Lines[0]);
            Assert.DoesNotContain("prt_cli-login-test", login.Output + login.Error, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, fileMode);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, folderMode);
            Assert.Equal(url, stored.GetProperty("url").GetString());
            Assert.Equal("prt_cli-login-test", stored.GetProperty("token").GetString());
            // No --url and no PORTAL_URL: the stored address.
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.StartsWith("ID ", list.Lines[0], StringComparison.Ordinal);
            Assert.Equal("", list.Error);
            Assert.True(loose.ExitCode == 0, loose.ToString());
            Assert.Contains("holds a token and others may read it (mode 644): chmod 600 it", loose.Error);
            Assert.True(logout.ExitCode == 0, logout.ToString());
            Assert.False(File.Exists(file));
            Assert.True(after.ExitCode == 2, after.ToString());
            Assert.Contains("no portal address", after.Error);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    [Fact]
    public async Task LoginTokenStdin_LaterCommands_SendTheTokenToThatPortalOnly()
    {
        var config = Directory.CreateTempSubdirectory("portal-cli-config-").FullName;
        using var server = new RawServer((head, stream) => head.StartsWith("GET /api/access/me ", StringComparison.Ordinal)
            ? RawServer.JsonAsync(stream, "200 OK", CallerJson)
            : RawServer.JsonAsync(stream, "404 Not Found", """{"title":"Not found.","status":404,"detail":"There is no release 'abc'."}"""));
        using var elsewhere = new RawServer((_, stream) => RawServer.JsonAsync(stream, "404 Not Found", """{"title":"Not found.","status":404}"""));
        try
        {
            var environment = new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = config, ["PORTAL_URL"] = null };

            var login = await portal.PortalWithAsync(environment, "prt_from-stdin\n", "login", "--url", server.Url, "--token-stdin");
            var get = await portal.PortalWithAsync(environment, null, "release", "get", "abc");
            var other = await portal.PortalWithAsync(environment, null, "release", "get", "abc", "--url", elsewhere.Url);

            Assert.True(login.ExitCode == 0, login.ToString());
            Assert.Equal($"logged in to {server.Url}/ as ci-bot (CI bot)", login.Lines[0]);
            Assert.DoesNotContain("prt_from-stdin", login.Output + login.Error, StringComparison.Ordinal);
            Assert.True(get.ExitCode == 2, get.ToString());
            Assert.Contains("There is no release 'abc'.", get.Error);
            Assert.Equal(2, server.Requests.Count);
            Assert.All(server.Requests, request => Assert.Contains("Authorization: Bearer prt_from-stdin", request, StringComparison.Ordinal));
            Assert.Contains("GET /api/releases/abc ", server.Requests[1], StringComparison.Ordinal);
            // Another portal named on the command line gets no stored token.
            Assert.True(other.ExitCode == 2, other.ToString());
            Assert.DoesNotContain("prt_from-stdin", Assert.Single(elsewhere.Requests), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    [Fact]
    public async Task Login_TokenRefused_ExitsThreeAndStoresNothing()
    {
        var config = Directory.CreateTempSubdirectory("portal-cli-config-").FullName;
        using var server = new RawServer((_, stream) => RawServer.JsonAsync(stream, "401 Unauthorized", "",
            "WWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"The API token is unknown, expired or revoked.\"\r\n"));
        try
        {
            var environment = new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = config, ["PORTAL_URL"] = null };

            var login = await portal.PortalWithAsync(environment, null, "login", "--url", server.Url, "--token", "prt_revoked");
            var noToken = await portal.PortalWithAsync(environment, null, "login", "--url", server.Url);

            Assert.True(login.ExitCode == 3, login.ToString());
            Assert.Contains("The API token is unknown, expired or revoked.", login.Error);
            Assert.False(File.Exists(Path.Combine(config, "portal", "config.json")));
            Assert.True(noToken.ExitCode == 2, noToken.ToString());
            Assert.Contains("login needs an API token", noToken.Error);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }
}

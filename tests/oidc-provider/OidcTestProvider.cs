using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;

namespace PortalRelease.Tests.Oidc;

/// <summary>A user of the test provider: what its ID token and user info say about them.</summary>
public sealed record OidcTestUser(string Name, string Email, object Groups);

/// <summary>
/// A real OpenID provider nobody here wrote: the npm package <c>oidc-provider</c> run by tests/oidc-provider/index.mjs
/// under node on a free loopback port, with its own login page. Started per test class (or test), ready when it prints
/// its issuer, killed at the end. Its node_modules come from <c>npm ci</c> in that folder (tests/run-all.sh runs it).
/// Compiled into each test project that signs in (linked source), so both find the folder the same way.
/// </summary>
public sealed class OidcTestProvider : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] CodeGrant = ["authorization_code"];
    private static readonly string[] CodeResponse = ["code"];
    private static readonly string[] ClientCredentialsGrant = ["client_credentials"];
    private readonly Process _process;
    private readonly List<string> _output;

    private OidcTestProvider(Process process, List<string> output, Uri issuer, string registrationToken)
    {
        _process = process;
        _output = output;
        Issuer = issuer;
        RegistrationToken = registrationToken;
    }

    /// <summary>The issuer URL, without a trailing slash (what the portal's Authority is set to).</summary>
    public Uri Issuer { get; }

    private string RegistrationToken { get; }

    public static string Folder { get; } = Path.Combine(RepoRoot(), "tests", "oidc-provider");

    public static async Task<OidcTestProvider> StartAsync(IReadOnlyDictionary<string, OidcTestUser> users)
    {
        if (!File.Exists(Path.Combine(Folder, "node_modules", "oidc-provider", "package.json")))
        {
            throw new InvalidOperationException($"The test OpenID provider is not installed: run 'npm ci' in {Folder} (tests/run-all.sh does).");
        }
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo("node", "index.mjs")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PORT"] = "0";
        start.Environment["OIDC_REGISTRATION_TOKEN"] = token;
        start.Environment["OIDC_USERS"] = JsonSerializer.Serialize(users.ToDictionary(
            u => u.Key, u => new { name = u.Value.Name, email = u.Value.Email, groups = u.Value.Groups }));
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var output = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.Add(e.Data);
            }
            if (e.Data.StartsWith("issuer ", StringComparison.Ordinal))
            {
                ready.TrySetResult(new Uri(e.Data["issuer ".Length..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Add(e.Data);
                }
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The test OpenID provider exited before it was ready:\n" + Joined(output)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var issuer = await ready.Task.WaitAsync(ReadyTimeout);
            return new OidcTestProvider(process, output, issuer, token);
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>
    /// Registers a confidential web client (RFC 7591, with the provider's initial access token) once the portal's address
    /// is known: its redirect URI and post-logout redirect URI are the portal's callback paths.
    /// </summary>
    public async Task RegisterClientAsync(string clientId, string clientSecret, Uri portal, string callbackPath = "/signin-oidc", string signedOutPath = "/signout-callback-oidc")
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Issuer, "/reg"))
        {
            Content = JsonContent.Create(new Dictionary<string, object>
            {
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
                ["redirect_uris"] = new[] { new Uri(portal, callbackPath).ToString() },
                ["post_logout_redirect_uris"] = new[] { new Uri(portal, signedOutPath).ToString() },
                ["grant_types"] = CodeGrant,
                ["response_types"] = CodeResponse,
                ["token_endpoint_auth_method"] = "client_secret_basic",
            }),
        };
        request.Headers.Authorization = new("Bearer", RegistrationToken);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Registering client {clientId} at the test provider failed: {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>
    /// Registers a client that stands for a CI pipeline: it gets JWT access tokens by client credentials for a resource
    /// (the token's audience), carrying <paramref name="claims"/> (e.g. <c>repository</c>) and living <paramref name="ttlSeconds"/>.
    /// </summary>
    public async Task RegisterCiClientAsync(string clientId, string clientSecret, IReadOnlyDictionary<string, string> claims, int ttlSeconds = 300)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Issuer, "/reg"))
        {
            Content = JsonContent.Create(new Dictionary<string, object>
            {
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
                ["redirect_uris"] = Array.Empty<string>(),
                ["grant_types"] = ClientCredentialsGrant,
                ["response_types"] = Array.Empty<string>(),
                ["token_endpoint_auth_method"] = "client_secret_basic",
                ["ci_claims"] = claims,
                ["ci_token_ttl"] = ttlSeconds,
            }),
        };
        request.Headers.Authorization = new("Bearer", RegistrationToken);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Registering CI client {clientId} at the test provider failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>A JWT access token the provider issues to a CI client for <paramref name="resource"/> (RFC 8707), as a job would get one.</summary>
    public async Task<string> IssueCiTokenAsync(string clientId, string clientSecret, string resource)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Issuer, "/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["resource"] = resource,
                ["scope"] = "ci",
            }),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The test provider issued no token to {clientId}: {(int)response.StatusCode} {body}");
        }
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>What the provider printed (warnings, errors), for a failing test's message.</summary>
    public string Output => Joined(_output);

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Joined(List<string> lines)
    {
        lock (lines)
        {
            return string.Join('\n', lines.TakeLast(40));
        }
    }

    private static string RepoRoot()
    {
        var stamped = typeof(OidcTestProvider).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (stamped is not null && File.Exists(Path.Combine(stamped, "PortalRelease.sln")))
        {
            return Path.GetFullPath(stamped);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PortalRelease.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"PortalRelease.sln not found above {AppContext.BaseDirectory}.");
    }
}

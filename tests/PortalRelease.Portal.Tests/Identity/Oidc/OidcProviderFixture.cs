using PortalRelease.Tests.Oidc;

namespace PortalRelease.Portal.Tests.Identity.Oidc;

/// <summary>One real OpenID provider (oidc-provider under node) for a test class, with the users its tests sign in as.</summary>
public sealed class OidcProviderFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, OidcTestUser> Users = new Dictionary<string, OidcTestUser>
    {
        ["alice"] = new("Alice Example", "alice@example.test", new[] { "payments", "sre", "Release Managers" }),
        // Some providers send groups as one string separated by commas or spaces.
        ["bob"] = new("Bob Builder", "bob@example.test", "build, deploy ops"),
        ["crowd"] = new("Crowd Member", "crowd@example.test", Enumerable.Range(0, 201).Select(i => $"group-{i}").ToArray()),
        ["longgroup"] = new("Long Group", "long@example.test", new[] { new string('g', 257) }),
    };

    private OidcTestProvider? _provider;

    public OidcTestProvider Provider => _provider ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _provider = await OidcTestProvider.StartAsync(Users);

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }
}

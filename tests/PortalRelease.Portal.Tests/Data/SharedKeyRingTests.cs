using System.Net;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Identity;
using PortalRelease.Portal.Tests.Targets;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>
/// The Data Protection key ring shared through PostgreSQL: two nodes (two whole portals, each with its own home folder)
/// on one database and one certificate read each other's secrets, payloads and sign-in cookies; the keys in the table
/// are encrypted; and a portal on PostgreSQL without a certificate does not start.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedKeyRingTests(PostgresServer server)
{
    private const string Canary = "canary-secret-shared-7f3e";

    [Fact]
    public async Task KeyRing_TwoNodesStartingTogetherOnAnEmptyDatabase_OneEncryptedKeyAndEachOpensTheOthersPayloads()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = Settings(database);
        // Both hosts start (in their constructors) at the same moment on the empty database.
        var portals = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => new TestPortal(settings))));
        try
        {
            var (a, b) = (Protector(portals[0]), Protector(portals[1]));
            Assert.Equal("from node A", b.Unprotect(a.Protect("from node A")));
            Assert.Equal("from node B", a.Unprotect(b.Protect("from node B")));

            // One key for both: a second key made by a node starting at the same moment would be its default until the
            // next refresh, and a node that read the table before it was stored could not open what it protects.
            var keys = await KeysAsync(database);
            var key = Assert.Single(keys, k => k.Xml.StartsWith("<key ", StringComparison.Ordinal));
            Assert.StartsWith("key-", key.Name, StringComparison.Ordinal);
            AssertEncrypted(key.Xml);
        }
        finally
        {
            foreach (var portal in portals)
            {
                await portal.DisposeAsync();
            }
        }
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task TargetSecret_SetThroughNodeA_IsDecryptedAndUsedOnNodeB()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = Settings(database);
        await using var a = new TargetsPortal(settings: settings);
        await using var b = new TargetsPortal(settings: settings);

        await a.CreateOkAsync(new
        {
            name = "shared",
            kind = TargetsPortal.Kind,
            settings = new { endpoint = "https://shared.example.test", failApply = false, failStatus = false },
            secrets = new { token = Canary },
        });

        using var test = await b.Http.PostAsync("/api/targets/shared/test", null);
        var result = await TargetsPortal.ExpectAsync(test, HttpStatusCode.OK);
        Assert.Equal(TargetsPortal.Describe(null, Canary), result.GetProperty("detail").GetString());
        foreach (var (_, xml) in await KeysAsync(database))
        {
            Assert.DoesNotContain(Canary, xml, StringComparison.Ordinal);
            AssertEncrypted(xml);
        }
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task SignInCookie_IssuedByNodeA_IsAcceptedByNodeBAndTheOneNodeBIssuesByNodeA()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = Settings(database);
        await using var a = new LocalPortal(settings);
        using (var warm = a.Browser())
        {
            // The first node to start creates the bootstrap admin and prints its password into its own data folder.
            (await warm.GetAsync("/healthz")).Dispose();
        }
        await using var b = new LocalPortal(settings);
        var jar = new CookieContainer();
        using var onA = a.Browser(jar);
        using var onB = b.Browser(jar);
        var initial = a.InitialPassword();

        using (var signIn = await LocalPortal.SignInAsync(onA, "admin", initial))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }
        // Node B reads node A's session cookie (signed in, held at the password change) and its antiforgery cookie.
        using (var held = await onB.GetAsync("/account/password"))
        {
            Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        }
        using (var changed = await LocalPortal.ChangePasswordAsync(onB, initial, "a-new-password-for-the-cluster-1"))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }
        // And node A reads the cookie node B issued after the change.
        using var home = await onA.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Administrator", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task Postgres_NoKeyRingCertificate_RefusesToStartNamingTheSettingAndWritesNothing()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = new Dictionary<string, string>(server.PortalSettings(database))
        {
            // Said, so the test harness does not give the portal the run's certificate.
            ["Portal:DataProtection:Certificate:Path"] = "",
        };

        var message = await StartFailure.ValidationOfAsync(async () =>
        {
            await using var portal = new TestPortal(settings);
            _ = portal.Services;
        });

        Assert.Contains("Portal:DataProtection:Certificate is required when Portal:Storage:Provider is Postgres", message, StringComparison.Ordinal);
        Assert.Contains("Portal:DataProtection:Certificate:Path", message, StringComparison.Ordinal);
        Assert.Contains("docs/deploy.md", message, StringComparison.Ordinal);
        await using (var connection = new NpgsqlConnection(server.ConnectionStringFor(database)))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        }
        await server.DropDatabaseAsync(database);
    }

    private static IDataProtector Protector(TestPortal portal) =>
        portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("SharedKeyRingTests");

    private static void AssertEncrypted(string xml)
    {
        Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
        // The plaintext form holds the master key in a <value> element under a "key below is in an unencrypted form" warning.
        Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<(string Name, string Xml)>> KeysAsync(string database)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor(database));
        return (await connection.QueryAsync<(string, string)>("SELECT friendly_name, xml FROM data_protection_keys ORDER BY friendly_name")).ToList();
    }

    private Dictionary<string, string> Settings(string database) => new(TestKeyRing.Settings.Concat(server.PortalSettings(database)));
}

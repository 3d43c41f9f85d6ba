using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>The Data Protection key ring and the data folder at rest: encrypted keys, owner-only files (Unix modes).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyRingAtRestTests
{
    private const string Canary = "canary-secret-at-rest-51d2";
    private const UnixFileMode GroupOrOther = (UnixFileMode)0b000_111_111;

    [Fact]
    public async Task KeyRing_CertificateConfigured_KeyXmlOnDiskIsEncryptedAndSecretsSurviveARestart()
    {
        using var home = new TempPortalHome();
        var pfx = Path.Combine(home.Root, "keyring.pfx");
        string embedded;
        using (var certificate = SelfSigned())
        {
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
            embedded = Convert.ToBase64String(certificate.RawData);
        }
        var settings = new Dictionary<string, string>
        {
            ["Portal:DataProtection:Certificate:Path"] = pfx,
            ["Portal:DataProtection:Certificate:Password"] = "pfx-password",
        };
        await using (var first = new TargetsPortal(home, settings))
        {
            await first.CreateOkAsync(Target("sealed"));
            Assert.DoesNotContain(first.Logs.Lines, l => l.Contains("not encrypted at rest", StringComparison.Ordinal));
        }

        var keys = Directory.GetFiles(Path.Combine(home.DataDirectory, "keys"), "key-*.xml");
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var xml = File.ReadAllText(key);
            Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
            // Encrypted to this certificate: XML encryption names it by embedding it.
            Assert.Contains(embedded, xml, StringComparison.Ordinal);
            // The plaintext form holds the master key in a <value> element under a "key below is in an unencrypted form" warning.
            Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        }
        await using var second = new TargetsPortal(home, settings);
        Assert.Equal(TargetsPortal.Describe(null, Canary), (await TestAsync(second.Http, "sealed")).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task KeyRing_NoEncryptionConfigured_WarnsOnceSayingHowToSetIt()
    {
        await using var portal = new TargetsPortal();
        await portal.CreateOkAsync(Target("plain"));

        var warning = Assert.Single(portal.Logs.Lines, l => l.Contains("not encrypted at rest", StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains("Portal:DataProtection:Certificate:Path", warning, StringComparison.Ordinal);
        Assert.Contains("Portal:DataProtection:Certificate:Thumbprint", warning, StringComparison.Ordinal);
        Assert.Contains("file permissions", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyRing_CertificateFileMissing_RefusesToStartNamingTheSetting()
    {
        using var home = new TempPortalHome();
        var error = await StartFailure.OfAsync(async () =>
        {
            await using var portal = new TargetsPortal(home, new Dictionary<string, string>
            {
                ["Portal:DataProtection:Certificate:Path"] = Path.Combine(home.Root, "missing.pfx"),
            });
        });

        Assert.Contains("Portal:DataProtection:Certificate:Path", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataFolder_FirstStart_EveryFolderAndFileThePortalCreatesIsOwnerOnly()
    {
        using var home = new TempPortalHome();
        Directory.Delete(home.DataDirectory);
        await using (var portal = new TargetsPortal(home))
        {
            await portal.CreateOkAsync(Target("modes"));
            var database = home.DatabaseFile;
            // While the portal runs, SQLite's write-ahead log and shared-memory index exist beside the database.
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                Assert.True(File.Exists(file), $"{file} does not exist while the portal runs");
                AssertOwnerOnly(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            AssertOwnerOnly(home.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var keys = Path.Combine(home.DataDirectory, "keys");
            AssertOwnerOnly(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var keyFiles = Directory.GetFiles(keys);
            Assert.NotEmpty(keyFiles);
            Assert.All(keyFiles, f => AssertOwnerOnly(f, UnixFileMode.UserRead | UnixFileMode.UserWrite));
            var pluginData = Path.Combine(home.DataDirectory, "plugins");
            AssertOwnerOnly(pluginData, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Assert.All(Directory.GetDirectories(pluginData), d => AssertOwnerOnly(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            Assert.DoesNotContain(portal.Logs.Lines, l => l.Contains("readable or writable by others", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DataFolder_ExistingAndOpenToOthers_WarnsNamingTheFolderAndTheFix()
    {
        using var home = new TempPortalHome();
        File.SetUnixFileMode(home.DataDirectory, (UnixFileMode)0b111_101_101);
        await using var portal = new TargetsPortal(home);
        using var health = await portal.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var warning = Assert.Single(portal.Logs.Lines, l => l.Contains("readable or writable by others", StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains(home.DataDirectory, warning, StringComparison.Ordinal);
        Assert.Contains("chmod 700", warning, StringComparison.Ordinal);
    }

    private static void AssertOwnerOnly(string path, UnixFileMode expected)
    {
        var mode = File.GetUnixFileMode(path);
        Assert.True((mode & GroupOrOther) == 0 && mode == expected, $"{path} has mode {Convert.ToString((int)mode, 8)}, expected {Convert.ToString((int)expected, 8)}");
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=portal-keyring-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static object Target(string name) => new
    {
        name,
        kind = TargetsPortal.Kind,
        settings = new { endpoint = "https://" + name + ".example.test", failApply = false, failStatus = false },
        secrets = new { token = Canary },
    };

    private static async Task<JsonElement> TestAsync(HttpClient http, string name)
    {
        using var response = await http.PostAsync($"/api/targets/{name}/test", null);
        return await TargetsPortal.ExpectAsync(response, HttpStatusCode.OK);
    }
}

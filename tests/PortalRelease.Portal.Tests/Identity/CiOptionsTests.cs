using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Ci;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary><c>Portal:Auth:Ci</c> is checked at start, each problem naming its setting.</summary>
public sealed class CiOptionsTests
{
    private static CiIssuerOptions GitHub() => new()
    {
        Issuer = "https://token.actions.githubusercontent.com",
        Audience = "https://portal.example",
        ServiceAccount = "payments-ci",
        Claims = new(StringComparer.Ordinal) { ["repository"] = "acme/payments", ["ref"] = "refs/heads/main" },
    };

    private static List<string> Validate(params CiIssuerOptions[] rules)
    {
        var options = new AuthOptions();
        options.Ci.Issuers.AddRange(rules);
        var result = new CiOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures.ToList() : [];
    }

    [Fact]
    public void GitHubRule_IsValid()
    {
        Assert.Empty(Validate(GitHub(), GitHub()));
    }

    [Fact]
    public void LoopbackHttpIssuer_WithRequireHttpsMetadataOff_IsValid()
    {
        var rule = GitHub();
        rule.Issuer = "http://127.0.0.1:5555";
        rule.RequireHttpsMetadata = false;

        Assert.Empty(Validate(rule));
    }

    public static TheoryData<string, string> BadRules() => new()
    {
        { "no-issuer", "Portal:Auth:Ci:Issuers:1:Issuer is required" },
        { "relative-issuer", "Portal:Auth:Ci:Issuers:1:Issuer must be an absolute https URL" },
        { "http-issuer", "Portal:Auth:Ci:Issuers:1:Issuer must use https" },
        { "loopback-http-with-https-metadata", "set Portal:Auth:Ci:Issuers:1:RequireHttpsMetadata to false" },
        { "https-metadata-off", "Portal:Auth:Ci:Issuers:1:RequireHttpsMetadata may be false only for a loopback issuer" },
        { "issuer-with-password", "Portal:Auth:Ci:Issuers:1:Issuer must not carry a user name, password" },
        { "no-audience", "Portal:Auth:Ci:Issuers:1:Audience is required" },
        { "audience-with-space", "Portal:Auth:Ci:Issuers:1:Audience must be 1 to 256 printable characters without spaces" },
        { "no-account", "Portal:Auth:Ci:Issuers:1:ServiceAccount is required" },
        { "bad-account", "Portal:Auth:Ci:Issuers:1:ServiceAccount must be a service account name" },
        { "no-claims", "Portal:Auth:Ci:Issuers:1:Claims is required" },
        { "star-claim", "Portal:Auth:Ci:Issuers:1:Claims:repository is '*', which matches every value" },
        { "reserved-claim", "Portal:Auth:Ci:Issuers:1:Claims:aud is not a claim a rule may name" },
        { "empty-claim", "Portal:Auth:Ci:Issuers:1:Claims:repository must be 1 to 256 printable characters" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void BadRule_FailsNamingTheSetting(string problem, string expected)
    {
        var rule = GitHub();
        switch (problem)
        {
            case "no-issuer": rule.Issuer = null; break;
            case "relative-issuer": rule.Issuer = "token.actions.githubusercontent.com"; break;
            case "http-issuer": rule.Issuer = "http://token.actions.githubusercontent.com"; break;
            case "loopback-http-with-https-metadata": rule.Issuer = "http://localhost:5555"; break;
            case "https-metadata-off": rule.RequireHttpsMetadata = false; break;
            case "issuer-with-password": rule.Issuer = "https://user:secret@issuer.example"; break;
            case "no-audience": rule.Audience = " "; break;
            case "audience-with-space": rule.Audience = "portal example"; break;
            case "no-account": rule.ServiceAccount = null; break;
            case "bad-account": rule.ServiceAccount = "sa:Payments"; break;
            case "no-claims": rule.Claims.Clear(); break;
            case "star-claim": rule.Claims["repository"] = "*"; break;
            case "reserved-claim": rule.Claims["aud"] = "https://portal.example"; break;
            case "empty-claim": rule.Claims["repository"] = ""; break;
        }

        var failures = Validate(GitHub(), rule);

        Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void TooManyRules_Fail()
    {
        var failures = Validate(Enumerable.Range(0, CiOptionsValidator.MaxIssuers + 1).Select(_ => GitHub()).ToArray());

        Assert.Contains(failures, f => f.StartsWith("Portal:Auth:Ci:Issuers lists 33 rules", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadRule_InSettings_RefusesToStartNamingTheSetting()
    {
        var message = await StartFailure.ValidationOfAsync(async () =>
        {
            await using var portal = new LocalPortal(new Dictionary<string, string>
            {
                ["Portal:Auth:Ci:Issuers:0:Issuer"] = "https://token.actions.githubusercontent.com",
                ["Portal:Auth:Ci:Issuers:0:ServiceAccount"] = "payments-ci",
                ["Portal:Auth:Ci:Issuers:0:Claims:repository"] = "acme/payments",
            });
            portal.Browser();
        });

        Assert.Contains("Portal:Auth:Ci:Issuers:0:Audience is required", message, StringComparison.Ordinal);
    }
}

using Amazon.Runtime;
using PortalRelease.Plugins.Serverless.Signing;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>
/// The signer against AWS's published Signature Version 4 test suite (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html):
/// credentials AKIDEXAMPLE, region us-east-1, service "service", 2015-08-30T12:36:00Z, host example.amazonaws.com.
/// </summary>
public sealed class SigV4SignerTests
{
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static readonly ImmutableCredentials Suite = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").GetCredentials();
    private static readonly DateTime SignedAt = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("get-vanilla", "GET", "/", "", "", "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("post-vanilla", "POST", "/", "", "", "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    [InlineData("get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", "", "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    [InlineData("post-header-value-case", "POST", "/", "", "My-Header1:VALUE1", "host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d")]
    [InlineData("get-header-value-trim", "GET", "/", "", "My-Header1: value1|My-Header2:\"a   b   c\"", "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736")]
    [InlineData("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", "", "host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f")]
    public void Authorization_matches_the_aws_test_suite(string name, string method, string path, string query, string extraHeaders, string signedHeaders, string signature)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z") };
        headers.AddRange(extraHeaders.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(h => h.Split(':', 2)).Select(h => KeyValuePair.Create(h[0], h[1])));
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).Select(p => KeyValuePair.Create(p[0], p[1]));

        var authorization = SigV4Signer.Authorization(method, path, parameters, headers, EmptyHash, Suite, "us-east-1", "service", SignedAt);

        Assert.True(
            authorization == $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}",
            $"{name}: {authorization}");
    }

    [Fact]
    public void Canonical_request_of_get_vanilla_is_the_suites()
    {
        var (canonical, signed) = CanonicalRequest.Build(
            "GET", "/", [], [new("Host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z")], EmptyHash);

        Assert.Equal($"GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}", canonical);
        Assert.Equal("host;x-amz-date", signed);
    }

    [Fact]
    public void A_path_segment_sent_encoded_is_encoded_again_as_every_service_but_s3_requires()
    {
        var (canonical, _) = CanonicalRequest.Build("GET", "/2015-03-31/functions/arn%3Aaws%3Alambda/configuration", [], [new("Host", "h")], EmptyHash);

        Assert.StartsWith("GET\n/2015-03-31/functions/arn%253Aaws%253Alambda/configuration\n", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_values_are_percent_encoded_and_sorted()
    {
        var (canonical, _) = CanonicalRequest.Build("GET", "/", [new("Marker", "a b/c"), new("MaxItems", "50")], [new("Host", "h")], EmptyHash);

        Assert.Equal("Marker=a%20b%2Fc&MaxItems=50", canonical.Split('\n')[2]);
    }
}

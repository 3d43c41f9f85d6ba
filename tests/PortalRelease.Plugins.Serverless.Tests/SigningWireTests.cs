using System.Text.RegularExpressions;
using PortalRelease.Plugins.Serverless.Tests.FakeLambda;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>Every request carries a SigV4 signature the fake API verifies independently; the secret never leaves in a message.</summary>
public sealed partial class SigningWireTests : IAsyncLifetime
{
    private LambdaHarness _lambda = null!;

    public async Task InitializeAsync() => _lambda = await LambdaHarness.StartAsync(fakeTime: true);

    public async Task DisposeAsync() => await _lambda.DisposeAsync();

    [Fact]
    public async Task Every_request_is_signed_for_the_region_and_lambda_with_the_date_of_the_call()
    {
        await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        await _lambda.StatusAsync();

        var requests = _lambda.Server.Requests;
        Assert.True(requests.Count >= 8);
        foreach (var request in requests)
        {
            // The fake answers 403 to a signature it cannot reproduce: every 2xx is a verified signature.
            Assert.InRange(request.Status, 200, 299);
            Assert.Equal("20260101T120000Z", request.Header("X-Amz-Date"));
            var signedHeaders = request.Body.Length > 0 ? "content-type;host;x-amz-date" : "host;x-amz-date";
            Assert.Matches(
                $"^AWS4-HMAC-SHA256 Credential={FakeLambdaServer.AccessKeyId}/20260101/eu-west-1/lambda/aws4_request, SignedHeaders={signedHeaders}, Signature=[0-9a-f]{{64}}$",
                request.Header("Authorization"));
            Assert.Equal(_lambda.Server.Endpoint.Authority, request.Header("Host"));
        }
        Assert.All(requests.Where(r => r.Body.Length > 0), r => Assert.Equal("application/json", r.Header("Content-Type")));
    }

    [Fact]
    public async Task A_function_named_by_its_arn_is_sent_encoded_and_signed_encoded_twice()
    {
        var arn = $"arn:aws:lambda:{FakeLambdaState.Region}:{FakeLambdaState.Account}:function:{LambdaHarness.Function}";

        var status = await _lambda.Driver.GetStatusAsync(_lambda.Target(function: arn), CancellationToken.None);

        Assert.Equal("1.0.0", status.StableVersion);
        var request = _lambda.Server.Requests[0];
        Assert.Equal($"/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Acheckout-api/aliases/live", request.RawPath);
        Assert.Equal(200, request.Status);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_lambda_and_the_message_does_not_contain_it()
    {
        const string wrong = "not-the-secret/abc+DEF0123456789";
        var target = _lambda.Target(secret: wrong);

        var error = await Assert.ThrowsAsync<DriverException>(() => _lambda.Driver.GetStatusAsync(target, CancellationToken.None));

        Assert.Contains("InvalidSignatureException", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Single(_lambda.Server.Requests);
    }

    [Fact]
    public async Task A_server_message_echoing_the_secret_is_scrubbed()
    {
        _lambda.Server.FailNext("GetAlias", LambdaError.InvalidParameter($"Value {FakeLambdaServer.SecretAccessKey} at 'secret' is invalid"));

        var error = await Assert.ThrowsAsync<DriverException>(() => _lambda.StatusAsync());

        Assert.DoesNotContain(FakeLambdaServer.SecretAccessKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("Value *** at 'secret'", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task Session_credentials_send_and_sign_the_security_token()
    {
        var target = _lambda.Target();
        var secrets = new Dictionary<string, string>(target.Secrets, StringComparer.Ordinal) { ["sessionToken"] = "session-token-value" };

        await _lambda.Driver.GetStatusAsync(new TargetContext { Name = target.Name, Kind = target.Kind, Settings = target.Settings, Secrets = secrets }, CancellationToken.None);

        var request = _lambda.Server.Requests[0];
        Assert.Equal(200, request.Status);
        Assert.Equal("session-token-value", request.Header("X-Amz-Security-Token"));
        Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token,", request.Header("Authorization"), StringComparison.Ordinal);
    }
}

using PortalRelease.Plugins.Serverless.Tests.FakeLambda;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing.Conformance;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>The SDK's driver conformance suite against the Lambda driver and the fake Lambda API (a function with no alias yet).</summary>
public sealed class ServerlessConformanceTests : TargetDriverConformanceTests
{
    private LambdaHarness _lambda = null!;

    public override async Task InitializeAsync()
    {
        _lambda = await LambdaHarness.StartAsync(withAlias: false);
        await base.InitializeAsync();
    }

    protected override ITargetDriver CreateDriver() => _lambda.NewDriver();

    // The conformance kit hands settings over as one object: the secret is read from the settings when no secret is given.
    protected override string ValidSettingsJson =>
        _lambda.SettingsJson().TrimEnd('}') + $$""","secretAccessKey":"{{FakeLambdaServer.SecretAccessKey}}"}""";

    protected override IEnumerable<string> InvalidSettingsJson =>
    [
        "[]",
        "{}",
        """{"region":"Europe","functionName":"fn","alias":"live","codeBucket":"builds","codeKeyTemplate":"a/{version}.zip","accessKeyId":"AKIAFAKELAMBDA000001","secretAccessKey":"s"}""",
        """{"region":"eu-west-1","functionName":"fn","alias":"42","codeBucket":"builds","codeKeyTemplate":"a/{version}.zip","accessKeyId":"AKIAFAKELAMBDA000001","secretAccessKey":"s"}""",
        """{"region":"eu-west-1","functionName":"fn","alias":"live","codeBucket":"builds","codeKeyTemplate":"a/latest.zip","accessKeyId":"AKIAFAKELAMBDA000001","secretAccessKey":"s"}""",
        """{"region":"eu-west-1","functionName":"fn","alias":"live","codeBucket":"builds","codeKeyTemplate":"a/{version}.zip","accessKeyId":"AKIAFAKELAMBDA000001"}""",
        """{"region":"eu-west-1","functionName":"fn","alias":"live","codeBucket":"builds","codeKeyTemplate":"a/{version}.zip","accessKeyId":"AKIAFAKELAMBDA000001","secretAccessKey":"s","unknown":1}""",
    ];

    // What Lambda was asked to change (and did): calls that must change nothing add no line.
    protected override ValueTask<string> CaptureExternalStateAsync() => ValueTask.FromResult(string.Join('\n',
        _lambda.Server.Writes.Where(w => w.Status is >= 200 and < 300).Select(w => $"{w.Line} {w.Body}")));

    protected override async Task CleanupAsync() => await _lambda.DisposeAsync();
}

using System.Text.Json;
using PortalRelease.Plugins.Serverless.Settings;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Serverless.Tests;

public sealed class SettingsValidationTests
{
    private const string Secret = "very-secret/value+123";

    private static readonly Dictionary<string, object> Valid = new()
    {
        ["region"] = "eu-west-1",
        ["functionName"] = "checkout-api",
        ["alias"] = "live",
        ["codeBucket"] = "builds",
        ["codeKeyTemplate"] = "checkout/{version}.zip",
        ["accessKeyId"] = "AKIAFAKELAMBDA000001",
        ["secretAccessKey"] = Secret,
    };

    private static async Task<IReadOnlyList<SettingsError>> ValidateAsync(Action<Dictionary<string, object>> change)
    {
        var settings = new Dictionary<string, object>(Valid);
        change(settings);
        using var driver = new LambdaTargetDriver(new LambdaDriverOptions { DataDirectory = Path.GetTempPath(), Time = TimeProvider.System });
        return await driver.ValidateSettingsAsync(TargetContexts.ParseSettings(JsonSerializer.Serialize(settings)), CancellationToken.None);
    }

    [Fact]
    public async Task Valid_settings_have_no_errors_and_default_to_the_regional_endpoint()
    {
        Assert.Empty(await ValidateAsync(_ => { }));
        var read = LambdaSettingsReader.Read(TargetContexts.ParseSettings(JsonSerializer.Serialize(Valid)), []);
        Assert.Equal(new Uri("https://lambda.eu-west-1.amazonaws.com/"), read!.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(300), read.UpdateTimeout);
    }

    [Theory]
    [InlineData("region", "Europe", "/region")]
    [InlineData("functionName", "checkout api", "/functionName")]
    [InlineData("alias", "7", "/alias")]
    [InlineData("codeBucket", "b", "/codeBucket")]
    [InlineData("codeKeyTemplate", "checkout/latest.zip", "/codeKeyTemplate")]
    [InlineData("accessKeyId", "short", "/accessKeyId")]
    [InlineData("endpoint", "ftp://localhost", "/endpoint")]
    [InlineData("nonsense", "x", "/nonsense")]
    public async Task Each_bad_value_is_reported_at_its_path(string property, string value, string path)
    {
        var errors = await ValidateAsync(s => s[property] = value);

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task A_missing_secret_is_required_and_a_bad_one_is_never_quoted()
    {
        var missing = await ValidateAsync(s => s.Remove("secretAccessKey"));
        var control = await ValidateAsync(s => s["secretAccessKey"] = Secret + "\n");

        Assert.Equal("/secretAccessKey", Assert.Single(missing).Path);
        var error = Assert.Single(control);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_from_the_portals_secrets_wins_and_the_key_is_built_from_the_template()
    {
        var settings = new Dictionary<string, object>(Valid);
        settings.Remove("secretAccessKey");
        var read = LambdaSettingsReader.Read(
            TargetContexts.ParseSettings(JsonSerializer.Serialize(settings)), [], new Dictionary<string, string> { ["secretAccessKey"] = "from-secrets" });

        Assert.Equal("from-secrets", read!.SecretAccessKey);
        Assert.Equal("checkout/1.4.2.zip", read.CodeKey("1.4.2"));
    }

    [Fact]
    public void The_schema_marks_the_credentials_secret_and_requires_what_the_reader_requires()
    {
        using var schema = JsonDocument.Parse(LambdaSettingsSchema.Json);
        var properties = schema.RootElement.GetProperty("properties");

        Assert.True(properties.GetProperty("secretAccessKey").GetProperty("writeOnly").GetBoolean());
        Assert.True(properties.GetProperty("sessionToken").GetProperty("writeOnly").GetBoolean());
        Assert.False(properties.GetProperty("accessKeyId").TryGetProperty("writeOnly", out _));
        Assert.Equal(
            ["region", "functionName", "alias", "codeBucket", "codeKeyTemplate", "accessKeyId", "secretAccessKey"],
            schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }
}

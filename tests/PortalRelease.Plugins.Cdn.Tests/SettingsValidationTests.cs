using System.Text.Json;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>Every settings problem is reported at its JSON pointer with a message that says what to write instead.</summary>
public sealed class SettingsValidationTests : IDisposable
{
    private const string Valid = """{"serviceId":"SU1Z0isxPaozGVKXdv0eY","apiToken":"tok","originHostTemplate":"app-{version}.origin.example.com"}""";

    private readonly TestPluginHost _host = new();
    private readonly ITargetDriver _driver;

    public SettingsValidationTests()
    {
        _driver = _host.Register(new CdnPlugin()).Driver(CdnPlugin.Kind);
    }

    public void Dispose()
    {
        (_driver as IDisposable)?.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task Validate_MinimalSettings_HaveNoErrors()
    {
        Assert.Empty(await ValidateAsync(Valid));
    }

    [Theory]
    [InlineData("""{"apiToken":"t","originHostTemplate":"a-{version}.example.com"}""", "/serviceId", "Required")]
    [InlineData("""{"serviceId":"svc-1","apiToken":"t","originHostTemplate":"a-{version}.example.com"}""", "/serviceId", "letters and digits")]
    [InlineData("""{"serviceId":"svc","originHostTemplate":"a-{version}.example.com"}""", "/apiToken", "Required")]
    [InlineData("""{"serviceId":"svc","apiToken":"t","originHostTemplate":"app.example.com"}""", "/originHostTemplate", "{version}")]
    [InlineData("""{"serviceId":"svc","apiToken":"t","originHostTemplate":"app_{version}.example.com"}""", "/originHostTemplate", "not a valid host name")]
    [InlineData("""{"serviceId":"svc","apiToken":"t","originHostTemplate":"a-{version}.example.com","apiUrl":"http://api.example.com/"}""", "/apiUrl", "https")]
    [InlineData("""{"serviceId":"svc","apiToken":"t","originHostTemplate":"a-{version}.example.com","purge":"surrogate-key"}""", "/surrogateKey", "Required when purge is surrogate-key")]
    [InlineData("""{"serviceId":"svc","apiToken":"t","originHostTemplate":"a-{version}.example.com","purge":"some"}""", "/purge", "none, all, surrogate-key")]
    [InlineData("""{"serviceId":"svc","apiToken":"t","originHostTemplate":"a-{version}.example.com","originPort":70000}""", "/originPort", "1 to 65535")]
    [InlineData("""{"serviceId":"svc","apiToken":"t","originHostTemplate":"a-{version}.example.com","maxRetries":11}""", "/maxRetries", "0 to 10")]
    [InlineData("""{"serviceId":"svc","apiToken":"t","originHostTemplate":"a-{version}.example.com","stageFirst":"yes"}""", "/stageFirst", "true or false")]
    [InlineData("""{"serviceId":"svc","apiToken":"t","originHostTemplate":"a-{version}.example.com","region":"eu"}""", "/region", "Unknown property")]
    public async Task Validate_ABadSetting_IsReportedAtItsPointer(string settings, string path, string message)
    {
        var errors = await ValidateAsync(settings);

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ATokenWithASpace_IsRefusedWithoutEchoingIt()
    {
        var errors = await ValidateAsync("""{"serviceId":"svc","apiToken":"secret value","originHostTemplate":"a-{version}.example.com"}""");

        var error = Assert.Single(errors);
        Assert.Equal("/apiToken", error.Path);
        Assert.DoesNotContain("secret value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_MarksTheTokenWriteOnlySoThePortalStoresItEncrypted()
    {
        using var schema = JsonDocument.Parse(_driver.SettingsSchema);

        Assert.True(schema.RootElement.GetProperty("properties").GetProperty("apiToken").GetProperty("writeOnly").GetBoolean());
    }

    [Fact]
    public async Task Apply_WithTheTokenOnlyInTheSecrets_UsesIt()
    {
        await using var fastly = await FastlyHarness.StartAsync();

        var result = await fastly.ApplyAsync("k", "1.0.0", Cohorts.Stable, 100);

        Assert.DoesNotContain("apiToken", fastly.Target().Settings.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
    }

    private async Task<IReadOnlyList<SettingsError>> ValidateAsync(string json) =>
        await _driver.ValidateSettingsAsync(TargetContexts.ParseSettings(json), CancellationToken.None);
}

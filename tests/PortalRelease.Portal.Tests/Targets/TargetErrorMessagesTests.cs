using System.Net;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// What an operator reads when a target is refused: the driver's own words where it has them, a pattern mismatch
/// explained by the field's title and description, and messages not mangled by the redaction of very short secrets.
/// </summary>
public sealed class TargetErrorMessagesTests : IAsyncLifetime
{
    private TargetsPortal _portal = null!;

    public Task InitializeAsync()
    {
        _portal = new TargetsPortal();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Create_ValueThePatternAndTheDriverRefuse_ShowsOnlyTheDriversMessage()
    {
        using var response = await _portal.CreateAsync(new
        {
            name = "api-eu",
            kind = TargetsPortal.Kind,
            settings = new { endpoint = "ftp://invalid.test" },
            secrets = new { token = "token-1234567890" },
        });

        var errors = await TargetsPortal.ProblemErrorsAsync(response);
        var error = Assert.Single(errors, e => e.Path == "/settings/endpoint");
        Assert.Equal("The driver refuses endpoints containing 'invalid'.", error.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await _portal.Http.GetAsync("/api/targets/api-eu")).StatusCode);
    }

    [Fact]
    public async Task Create_ValueOnlyThePatternRefuses_NamesTheFieldItsExpectedFormAndItsDescription()
    {
        using var response = await _portal.CreateAsync(new
        {
            name = "api-eu",
            kind = TargetsPortal.Kind,
            settings = new { endpoint = "ftp://x.test" },
            secrets = new { token = "token-1234567890" },
        });

        var errors = await TargetsPortal.ProblemErrorsAsync(response);
        var error = Assert.Single(errors, e => e.Path == "/settings/endpoint");
        Assert.Equal("'Endpoint' does not have the expected form (pattern ^https?://). The API's base address.", error.Message);
    }

    [Fact]
    public async Task Create_WithAOneCharacterSecret_DoesNotMaskThatCharacterInEveryMessage()
    {
        using var response = await _portal.CreateAsync(new
        {
            name = "api-eu",
            kind = TargetsPortal.Kind,
            settings = new { endpoint = "https://api.example.test" },
            secrets = new { token = "e" },
        });

        var errors = await TargetsPortal.ProblemErrorsAsync(response);
        var error = Assert.Single(errors, e => e.Path == "/secrets/token");
        Assert.DoesNotContain("[secret]", error.Message, StringComparison.Ordinal);
        Assert.Contains("8", error.Message, StringComparison.Ordinal);
    }
}

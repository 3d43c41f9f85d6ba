using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PortalRelease.Contracts;
using PortalRelease.Portal.Components.Controls;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>The form generator: inputs from a JSON schema, checks in the browser, values and secrets out, server errors in.</summary>
public sealed class SchemaFormTests : IAsyncLifetime
{
    private const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["endpoint", "token"],
          "properties": {
            "endpoint": { "title": "Endpoint", "description": "The API's base address.", "type": "string", "minLength": 1, "pattern": "^https?://" },
            "port": { "title": "Port", "type": "integer", "minimum": 1, "maximum": 65535, "default": 443 },
            "ratio": { "title": "Ratio", "type": "number", "exclusiveMinimum": 0, "maximum": 1 },
            "mode": { "title": "Mode", "type": "string", "enum": ["fast", "careful"], "default": "fast" },
            "verbose": { "title": "Verbose", "type": "boolean", "default": false },
            "token": { "title": "API token", "type": "string", "writeOnly": true, "minLength": 8 },
            "tags": { "title": "Tags", "type": "array" },
            "metrics": {
              "title": "Metrics",
              "type": "object",
              "properties": { "bearer": { "title": "Bearer token", "type": "string", "writeOnly": true } }
            },
            "auth": {
              "title": "Basic authentication",
              "additionalProperties": false,
              "description": "Only for proxies that want it.",
              "type": "object",
              "required": ["user"],
              "properties": {
                "user": { "title": "User", "type": "string" },
                "password": { "title": "Password", "type": "string", "writeOnly": true }
              }
            }
          }
        }
        """;

    private readonly BunitContext _context = new();

    public SchemaFormTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.SetRendererInfo(new RendererInfo("Server", true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static SchemaNode Root()
    {
        using var document = JsonDocument.Parse(Schema);
        return SchemaNodeReader.Read(document.RootElement);
    }

    private static SchemaFormField Field(SchemaFormModel model, string pointer) => model.Fields.Single(f => f.Pointer == pointer);

    [Fact]
    public void Render_GeneratesOneInputPerPropertyByTypeWithNestedObjectsAsSections()
    {
        var model = new SchemaFormModel(Root());
        var form = _context.Render<SchemaForm>(p => p.Add(f => f.Model, model));

        string InputOf(string pointer) => form.Find($"[data-testid='field-{pointer}']").GetAttribute("data-input")!;
        Assert.Equal("string", InputOf("/endpoint"));
        Assert.Equal("integer", InputOf("/port"));
        Assert.Equal("number", InputOf("/ratio"));
        Assert.Equal("enum", InputOf("/mode"));
        Assert.Equal("boolean", InputOf("/verbose"));
        Assert.Equal("secret", InputOf("/token"));
        Assert.Equal("json", InputOf("/tags"));
        Assert.Equal("string", InputOf("/auth/user"));
        Assert.Equal("secret", InputOf("/auth/password"));
        Assert.Equal("secret", InputOf("/metrics/bearer"));

        var section = form.Find("[data-testid='section-/auth']");
        Assert.Contains("Basic authentication", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("Only for proxies that want it.", section.TextContent, StringComparison.Ordinal);
        Assert.NotNull(section.QuerySelector("[data-testid='field-/auth/user']"));

        Assert.Equal("password", form.Find("[data-testid='field-/token'] input").GetAttribute("type"));
        Assert.Contains("Endpoint *", form.Find("[data-testid='field-/endpoint']").TextContent, StringComparison.Ordinal);
        Assert.Contains("The API's base address.", form.Markup, StringComparison.Ordinal);
        var port = form.Find("[data-testid='field-/port']").TextContent;
        Assert.Contains("A whole number at least 1 and at most 65535.", port, StringComparison.Ordinal);
        Assert.Contains("Default: 443.", port, StringComparison.Ordinal);
        Assert.Contains("A number more than 0 and at most 1.", form.Find("[data-testid='field-/ratio']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ForAnExistingTarget_ShowsValuesAndSecretsOnlyAsSet()
    {
        using var settings = JsonDocument.Parse("""{"endpoint":"https://a.test","port":8443,"verbose":true}""");
        var secrets = new Dictionary<string, SecretStateView> { ["token"] = new(true), ["auth/password"] = new(false) };
        var model = new SchemaFormModel(Root(), settings.RootElement, secrets);
        var form = _context.Render<SchemaForm>(p => p.Add(f => f.Model, model));

        Assert.Equal("https://a.test", form.Find("[data-testid='field-/endpoint'] input").GetAttribute("value"));
        Assert.Equal("8443", form.Find("[data-testid='field-/port'] input").GetAttribute("value"));
        var token = form.Find("[data-testid='field-/token'] input");
        Assert.Equal("set — leave empty to keep", token.GetAttribute("placeholder"));
        Assert.True(string.IsNullOrEmpty(token.GetAttribute("value")));
        Assert.Equal("not set", form.Find("[data-testid='field-/auth/password'] input").GetAttribute("placeholder"));

        // Nothing typed: the stored token is kept (not sent), the settings come back as they were.
        Assert.True(model.Validate());
        Assert.Empty(model.Secrets());
        Assert.Equal("""{"endpoint":"https://a.test","port":8443,"verbose":true}""", model.Settings().GetRawText());
    }

    [Theory]
    [InlineData("/port", "abc", "Enter a number")]
    [InlineData("/port", "1.5", "Enter a whole number.")]
    [InlineData("/port", "70000", "70000 is out of range: A whole number at least 1 and at most 65535.")]
    [InlineData("/ratio", "0", "0 is out of range: A number more than 0 and at most 1.")]
    [InlineData("/endpoint", "ftp://x", "Does not match the expected format")]
    [InlineData("/token", "short", "At least 8 characters.")]
    [InlineData("/tags", "[1,", "Not valid JSON")]
    public void Validate_WithWrongInput_ShowsTheSchemasReasonUnderTheField(string pointer, string typed, string expected)
    {
        var model = new SchemaFormModel(Root());
        var form = _context.Render<SchemaForm>(p => p.Add(f => f.Model, model));
        Field(model, "/endpoint").Text = "https://a.test";
        Field(model, "/token").Text = "long-enough-token";
        form.Find($"[data-testid='field-{pointer}'] {(pointer == "/tags" ? "textarea" : "input")}").Input(typed);

        Assert.False(model.Validate());
        form.Render();
        Assert.Contains(expected, form.Find($"[data-testid='field-{pointer}']").TextContent, StringComparison.Ordinal);
        Assert.All(model.Fields.Where(f => f.Pointer != pointer), f => Assert.Null(f.Error));
    }

    [Fact]
    public void Validate_RequiresRequiredFields_AndThoseOfAnOptionalSectionOnlyOnceItIsFilledIn()
    {
        var model = new SchemaFormModel(Root());
        Assert.False(model.Validate());
        Assert.Equal("Endpoint is required.", Field(model, "/endpoint").Error);
        Assert.Equal("API token is required.", Field(model, "/token").Error);
        Assert.Null(Field(model, "/auth/user").Error);

        Field(model, "/endpoint").Text = "https://a.test";
        Field(model, "/token").Text = "long-enough-token";
        Field(model, "/auth/password").Text = "pw-123456";
        Assert.False(model.Validate());
        Assert.Equal("User is required.", Field(model, "/auth/user").Error);
    }

    [Fact]
    public void SettingsAndSecrets_CarryTypedValuesAndOnlyTheSecretsThatChange()
    {
        using var settings = JsonDocument.Parse("""{"endpoint":"https://a.test"}""");
        var model = new SchemaFormModel(Root(), settings.RootElement, new Dictionary<string, SecretStateView> { ["token"] = new(true), ["auth/password"] = new(true) });
        Field(model, "/port").Text = "8443";
        Field(model, "/ratio").Text = "0.25";
        Field(model, "/mode").Text = "careful";
        Field(model, "/verbose").Flag = true;
        Field(model, "/tags").Text = """["a","b"]""";
        Field(model, "/auth/user").Text = "deploy";
        Field(model, "/token").Text = "new-token-value";
        Field(model, "/auth/password").ClearSecret = true;

        Assert.True(model.Validate());
        Assert.Equal(
            """{"endpoint":"https://a.test","port":8443,"ratio":0.25,"mode":"careful","verbose":true,"tags":["a","b"],"auth":{"user":"deploy"}}""",
            model.Settings().GetRawText());
        var secrets = model.Secrets();
        Assert.Equal("new-token-value", secrets["token"].GetString());
        Assert.Equal(JsonValueKind.Null, secrets["auth/password"].ValueKind);
    }

    [Fact]
    public void OpenObject_KeepsItsUnlistedPropertiesInAnEditableJsonField()
    {
        using var settings = JsonDocument.Parse("""{"endpoint":"https://a.test","metrics":{"url":"http://prom:9090","queries":{"error-rate":"up"}}}""");
        var model = new SchemaFormModel(Root(), settings.RootElement, new Dictionary<string, SecretStateView> { ["token"] = new(true) });
        var form = _context.Render<SchemaForm>(p => p.Add(f => f.Model, model));

        Assert.Equal("json", form.Find("[data-testid='field-/metrics/*']").GetAttribute("data-input"));
        Assert.Empty(form.FindAll("[data-testid='field-/*']"));
        Assert.True(model.Validate());
        Assert.Equal("""{"endpoint":"https://a.test","metrics":{"url":"http://prom:9090","queries":{"error-rate":"up"}}}""", model.Settings().GetRawText());

        var extras = model.Fields.Single(f => f.Pointer == "/metrics/*");
        extras.Text = "[1]";
        Assert.False(model.Validate());
        Assert.StartsWith("Enter a JSON object", extras.Error, StringComparison.Ordinal);
        extras.Error = null;
        Assert.Empty(model.ShowServerErrors([new TargetError("/settings/metrics/url", "Unreachable.")]));
        Assert.Equal("Unreachable.", extras.Error);
    }

    [Fact]
    public void ShowServerErrors_PutsEachOnItsFieldAndReturnsTheRest()
    {
        var model = new SchemaFormModel(Root());
        var form = _context.Render<SchemaForm>(p => p.Add(f => f.Model, model));
        var rest = model.ShowServerErrors([
            new TargetError("/settings/port", "The driver wants 443 here."),
            new TargetError("/secrets/auth/password", "The proxy refused it."),
            new TargetError("/settings/unknown", "'unknown' is not a setting."),
        ]);
        form.Render();

        Assert.Equal("/settings/unknown", Assert.Single(rest).Path);
        Assert.Contains("The driver wants 443 here.", form.Find("[data-testid='field-/port']").TextContent, StringComparison.Ordinal);
        Assert.Contains("The proxy refused it.", form.Find("[data-testid='field-/auth/password']").TextContent, StringComparison.Ordinal);
    }
}

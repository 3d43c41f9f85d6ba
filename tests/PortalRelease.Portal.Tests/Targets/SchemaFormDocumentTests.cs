using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PortalRelease.Portal.Components.Controls;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// Strings with a <c>contentMediaType</c> (a kubeconfig, a certificate) are documents: a single-line input would drop
/// their line breaks, so the form gives them a text area — masked when the document is a secret.
/// </summary>
public sealed class SchemaFormDocumentTests : IAsyncLifetime
{
    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "kubeconfig": { "title": "Kubeconfig", "type": "string", "writeOnly": true, "contentMediaType": "application/yaml" },
            "caBundle": { "title": "CA bundle", "type": "string", "contentMediaType": "application/x-pem-file" },
            "host": { "title": "Host", "type": "string", "pattern": "^[a-z.]+$", "description": "A lower-case host name, e.g. api.example.com." }
          }
        }
        """;

    private const string Kubeconfig = "apiVersion: v1\nkind: Config\ncurrent-context: ctx\n";

    private readonly BunitContext _context = new();

    public SchemaFormDocumentTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.SetRendererInfo(new RendererInfo("Server", true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static SchemaFormModel Model()
    {
        using var document = JsonDocument.Parse(Schema);
        return new SchemaFormModel(SchemaNodeReader.Read(document.RootElement));
    }

    [Fact]
    public void Render_SecretDocument_IsAMaskedTextAreaThatKeepsItsLineBreaks()
    {
        var model = Model();
        var form = _context.Render<SchemaForm>(p => p.Add(f => f.Model, model));

        var field = form.Find("[data-testid='field-/kubeconfig']");
        Assert.Equal("secret", field.GetAttribute("data-input"));
        Assert.Null(field.QuerySelector("input[type=password]"));
        Assert.NotNull(field.QuerySelector(".secret-text textarea"));
        form.Find("[data-testid='field-/kubeconfig'] textarea").Input(Kubeconfig);

        Assert.True(model.Validate());
        Assert.Equal(Kubeconfig, model.Secrets()["kubeconfig"].GetString());
    }

    [Fact]
    public void Render_PlainDocument_IsATextArea()
    {
        var form = _context.Render<SchemaForm>(p => p.Add(f => f.Model, Model()));

        Assert.NotNull(form.Find("[data-testid='field-/caBundle']").QuerySelector("textarea"));
        Assert.NotNull(form.Find("[data-testid='field-/host']").QuerySelector("input"));
    }

    [Fact]
    public void Validate_PatternMismatch_RepeatsTheDescriptionInTheError()
    {
        var model = Model();
        var form = _context.Render<SchemaForm>(p => p.Add(f => f.Model, model));
        form.Find("[data-testid='field-/host'] input").Input("API.example.com");

        Assert.False(model.Validate());
        Assert.Equal("Does not match the expected format: A lower-case host name, e.g. api.example.com.", model.Fields.Single(f => f.Pointer == "/host").Error);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Portal.Tests.Api;

public sealed class CatalogApiTests : PortalTest
{
    [Fact]
    public async Task GetHealthz_RunningPortal_Returns200()
    {
        using var response = await Portal.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetPlugins_SandboxInPluginsFolder_ListedAsLoaded()
    {
        using var json = JsonDocument.Parse(await Portal.Http.GetStringAsync("/api/plugins"));

        var sandbox = Assert.Single(json.RootElement.EnumerateArray(), p => p.GetProperty("id").GetString() == "sandbox");
        Assert.Equal("Loaded", sandbox.GetProperty("status").GetString());
    }

    [Fact]
    public async Task GetTemplates_NewPortal_ListsSeededSamplesByName()
    {
        var names = await TemplateNamesAsync();

        Assert.Equal(["all-at-once", "blue-green", "canary-mirror", "manual-gate", "quick-canary", "rolling", "slo-canary", "train", "waves", "web-canary"], names);
    }

    [Fact]
    public async Task PostTemplate_BadYaml_Returns400ProblemWithLineAndColumnAndSavesNothing()
    {
        var before = await TemplateNamesAsync();
        const string yaml = """
            name: broken-one
            stages:
              - name: sandbox
                targets: [sandbox-eu, no-such-target]
                steps:
                  - setWeight: 250
                  - frobnicate: 1
            """;

        using var response = await PostYamlAsync(yaml);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.True(e.GetProperty("line").GetInt32() >= 1, e.GetRawText());
            Assert.True(e.GetProperty("column").GetInt32() >= 1, e.GetRawText());
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString()));
        });
        Assert.Contains(errors, e => e.GetProperty("line").GetInt32() == 4);
        Assert.Equal(before, await TemplateNamesAsync());
        using var lookup = await Portal.Http.GetAsync("/api/templates/broken-one");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task PostTemplate_NotYamlAtAll_Returns400WithPosition()
    {
        using var response = await PostYamlAsync("name: [unclosed\nstages: {");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = problem.RootElement.GetProperty("errors").EnumerateArray().First();
        Assert.True(error.GetProperty("line").GetInt32() >= 1);
        Assert.True(error.GetProperty("column").GetInt32() >= 1);
    }

    [Fact]
    public async Task PostTemplate_ValidYaml_Returns201AndIsListed()
    {
        const string yaml = """
            name: tiny-canary
            description: one step
            stages:
              - name: eu
                targets: [sandbox-eu]
                steps:
                  - setWeight: 50
            """;

        using var response = await PostYamlAsync(yaml);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("tiny-canary", created.RootElement.GetProperty("name").GetString());
        Assert.Equal(1, created.RootElement.GetProperty("version").GetInt64());
        Assert.Contains("tiny-canary", await TemplateNamesAsync());
    }

    private async Task<HttpResponseMessage> PostYamlAsync(string yaml)
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        return await Portal.Http.PostAsync("/api/templates", content);
    }

    private async Task<List<string>> TemplateNamesAsync()
    {
        using var json = JsonDocument.Parse(await Portal.Http.GetStringAsync("/api/templates"));
        return json.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Testing;

namespace PortalRelease.Cli.Tests;

/// <summary>
/// <c>portal template lint</c> reads a template offline as the portal does (the same lines, columns and messages as
/// <c>POST /api/templates</c>), and <c>portal template push</c> stores one or reports the portal's errors the same way.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class TemplateCommandTests(CliFixture portal) : IDisposable
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("portal-cli-templates-");

    [Fact]
    public async Task TemplateLint_BadTemplateTable_ReportsTheLinesAndColumnsTheApiReports()
    {
        var rows = BadTemplateTable.All().ToList();
        var files = rows.Select((row, i) => Write($"bad-{i:000}.yaml", row.Yaml)).ToList();

        var json = await portal.PortalAsync(["template", "lint", "--output", "json", .. files]);
        var text = await portal.PortalAsync(["template", "lint", .. files]);

        Assert.True(json.ExitCode == 2, json.ToString());
        Assert.True(text.ExitCode == 2, text.ToString());
        var report = JsonSerializer.Deserialize<LintDocument>(json.Output, ContractJson.Options)!;
        Assert.False(report.Valid);
        Assert.Equal(files, report.Files.Select(f => f.File));
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var linted = report.Files[i].Errors;
            var error = Assert.Single(linted);
            Assert.True((error.Line, error.Column, error.Path) == (row.Line, row.Column, row.Path) && error.Message.Contains(row.Fragment, StringComparison.Ordinal),
                $"{row.Name}: expected {row.Line}:{row.Column} {row.Path} '{row.Fragment}'; lint said {error}");
            // The portal knows its targets too: any error beyond the offline reader's is about a target it does not have.
            var api = await ApiErrorsAsync(row.Yaml);
            Assert.Equal(linted, api.Where(e => !e.Message.StartsWith("unknown target", StringComparison.Ordinal)));
            Assert.Contains($"{files[i]}:{row.Line}:{row.Column}: error: {(row.Path.Length == 0 ? "" : row.Path + ": ")}", text.Output);
        }
        Assert.Equal($"{rows.Count} templates checked: {rows.Count} errors in {rows.Count} files.", text.Lines[^1]);
    }

    [Fact]
    public async Task TemplateLint_TheSampleTemplates_ExitsZero()
    {
        var samples = Directory.GetFiles(Path.Combine(Paths.RepoRoot, "src", "Portal", "Templates", "Samples"), "*.yaml").Order().ToArray();

        var run = await portal.PortalAsync(["template", "lint", .. samples]);
        var json = await portal.PortalAsync(["template", "lint", "-o", "json", .. samples]);

        Assert.True(samples.Length >= 5, string.Join(", ", samples));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([$"{samples.Length} templates checked: no errors."], run.Lines);
        Assert.True(json.ExitCode == 0, json.ToString());
        var report = JsonSerializer.Deserialize<LintDocument>(json.Output, ContractJson.Options)!;
        Assert.True(report.Valid);
        Assert.All(report.Files, f => Assert.Empty(f.Errors));
    }

    [Fact]
    public async Task TemplateLint_MissingTooLargeOrNotUtf8File_AnErrorLineForEachAndExitsTwo()
    {
        var missing = Path.Combine(_files.FullName, "nope.yaml");
        // One byte over the portal's cap on a template (Portal:Limits:TemplateBytes, 1 MiB by default).
        var large = Write("large.yaml", "# " + new string('x', 1024 * 1024 - 2) + "\n");
        var latin1 = Path.Combine(_files.FullName, "latin1.yaml");
        await File.WriteAllBytesAsync(latin1, [.. "name: caf"u8, 0xE9, .. "\n"u8]);

        var run = await portal.PortalAsync("template", "lint", missing, large, latin1);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(
            [
                $"{missing}:1:1: error: no such file",
                $"{large}:1:1: error: the file is 1048577 bytes; a template is at most 1048576 bytes (Portal:Limits:TemplateBytes)",
                $"{latin1}:1:1: error: the file is not valid UTF-8 text: save it as UTF-8",
                "3 templates checked: 3 errors in 3 files.",
            ],
            run.Lines);
    }

    [Fact]
    public async Task TemplatePush_GoodTemplate_StoredAndServedThenUnchanged()
    {
        var name = $"cli-push-{Guid.NewGuid():N}"[..24];
        var yaml = $"name: {name}\ndescription: pushed by the CLI's tests\nstages:\n  - name: sandbox\n    targets: [sandbox-eu]\n    steps:\n      - setWeight: 50\n";
        var file = Write("good.yaml", yaml);

        var push = await portal.PortalAsync("template", "push", file);
        var again = await portal.PortalAsync("template", "push", file, "-o", "json");

        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Equal($"template {name} version 1 stored from {file}.", push.Output.Trim());
        using var client = new PortalClient(portal.Http);
        var stored = await client.GetTemplateAsync(name);
        Assert.Equal((name, 1L, yaml, "pushed by the CLI's tests"), (stored.Name, stored.Version, stored.Yaml, stored.Description));
        Assert.True(again.ExitCode == 0, again.ToString());
        var report = JsonSerializer.Deserialize<TemplatePushDocument>(again.Output, ContractJson.Options)!;
        Assert.Equal((file, false, name, 1L), (report.File, report.Created, report.Template.Name, report.Template.Version));
    }

    [Fact]
    public async Task TemplatePush_BadTemplate_ExitsTwoWithTheApisErrorsAsLines()
    {
        // Two errors: one the offline reader finds, one (the target) only the portal can.
        var yaml = "name: cli-push-bad\nstages:\n  - name: sandbox\n    targets: [no-such-target]\n    steps:\n      - setWeight: 150\n";
        var file = Write("bad.yaml", yaml);

        var push = await portal.PortalAsync("template", "push", file);
        var json = await portal.PortalAsync("template", "push", file, "--output", "json");
        var lint = await portal.PortalAsync("template", "lint", file);

        Assert.True(push.ExitCode == 2, push.ToString());
        Assert.Equal(
            [
                $"{file}:4:15: error: stages[0].targets[0]: unknown target 'no-such-target': no target with this name is configured",
                $"{file}:6:20: error: stages[0].steps[0].setWeight: must be between 0 and 100, found 150",
            ],
            push.Lines);
        Assert.Contains("The template has 2 errors; nothing was saved.", push.Error);
        Assert.True(json.ExitCode == 2, json.ToString());
        var report = JsonSerializer.Deserialize<LintDocument>(json.Output, ContractJson.Options)!;
        Assert.Equal(await ApiErrorsAsync(yaml), Assert.Single(report.Files).Errors);
        Assert.True(lint.ExitCode == 2, lint.ToString());
        Assert.Equal(push.Lines[1], lint.Lines[0]);
        using var lookup = await portal.Http.GetAsync("/api/templates/cli-push-bad");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    public void Dispose() => _files.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_files.FullName, name);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    /// <summary>What <c>POST /api/templates</c> says of <paramref name="yaml"/>: its per-line errors (the template is bad).</summary>
    private async Task<List<TemplateErrorView>> ApiErrorsAsync(string yaml)
    {
        using var content = new StringContent(yaml, new UTF8Encoding(false), "application/yaml");
        using var response = await portal.Http.PostAsync("/api/templates", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.GetProperty("errors").Deserialize<List<TemplateErrorView>>(ContractJson.Options)!;
    }

    private sealed record LintDocument(bool Valid, List<LintedFile> Files);

    private sealed record LintedFile(string File, bool Valid, List<TemplateErrorView> Errors);

    private sealed record TemplatePushDocument(string File, bool Created, TemplateView Template);
}

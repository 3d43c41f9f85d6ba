using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Sdk;

namespace PortalRelease.Sdk.Testing.Conformance;

public abstract partial class TargetDriverConformanceTests
{
    /// <summary>The driver describes itself: a lower-case kind with dashes, a display name and a JSON-object settings schema.</summary>
    [Fact]
    public void The_driver_describes_its_kind_and_settings_schema()
    {
        Assert.Matches(KindPattern(), Driver.Kind);
        Assert.False(string.IsNullOrWhiteSpace(Driver.DisplayName), "DisplayName must not be empty.");
        using var schema = ParseSchema(Driver.SettingsSchema);
        Assert.Equal(JsonValueKind.Object, schema.RootElement.ValueKind);
    }

    /// <summary>The valid settings pass validation with no errors.</summary>
    [Fact]
    public async Task Valid_settings_have_no_errors()
    {
        var errors = await Driver.ValidateSettingsAsync(TargetContexts.ParseSettings(ValidSettingsJson), CancellationToken.None);

        Assert.True(errors.Count == 0, "Valid settings were reported as invalid: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
    }

    /// <summary>Each invalid settings document gets at least one error, each with a JSON-pointer path and a message.</summary>
    [Fact]
    public async Task Invalid_settings_report_errors_with_json_pointer_paths()
    {
        var documents = InvalidSettingsJson.ToList();
        Assert.True(documents.Count > 0, "InvalidSettingsJson must give at least one invalid settings document.");

        foreach (var json in documents)
        {
            var errors = await Driver.ValidateSettingsAsync(TargetContexts.ParseSettings(json), CancellationToken.None);

            Assert.True(errors.Count > 0, $"Settings {json} were accepted; they should be reported as invalid.");
            foreach (var error in errors)
            {
                Assert.True(JsonPointerPattern().IsMatch(error.Path), $"'{error.Path}' (for {json}) is not a JSON pointer: use '' for the whole object or '/a/b'.");
                Assert.False(string.IsNullOrWhiteSpace(error.Message), $"The error at '{error.Path}' (for {json}) has no message.");
            }
        }
    }

    private static JsonDocument ParseSchema(string schema)
    {
        try
        {
            return JsonDocument.Parse(schema);
        }
        catch (JsonException ex)
        {
            throw new XunitException($"SettingsSchema is not valid JSON: {ex.Message}");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*\\z")]
    private static partial Regex KindPattern();

    // RFC 6901: '' or a sequence of '/'-prefixed tokens where '~' appears only as '~0' or '~1'.
    [GeneratedRegex("^(/([^~/]|~[01])*)*\\z")]
    private static partial Regex JsonPointerPattern();
}

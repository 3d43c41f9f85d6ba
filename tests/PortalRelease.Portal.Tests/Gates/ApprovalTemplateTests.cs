using System.Text.Json;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Gates;

public sealed class ApprovalTemplateTests
{
    [Fact]
    public void Parse_StageGateAndStep_CompileToApprovalSteps()
    {
        const string yaml = """
            name: gated
            parameters:
              - name: approvers
                type: int
                default: 2
            stages:
              - name: prod-eu
                environment: production
                approval: { role: release-managers, approvers: "{{ approvers }}", timeout: 4h, onTimeout: pause }
                targets: [sandbox-eu]
                steps:
                  - setWeight: 10
                  - approval: { role: sre }
            """;

        var parsed = new TemplateParser().Parse(yaml);
        Assert.Empty(parsed.Errors);
        var plan = new TemplateCompiler().Compile(parsed.Template!, new Dictionary<string, JsonElement> { ["approvers"] = JsonSerializer.SerializeToElement(3) }).Plan!;

        var stage = Assert.Single(plan.Stages);
        Assert.Equal("production", stage.EnvironmentName());
        Assert.Equal(new ApprovalStep("release-managers", 3, TimeSpan.FromHours(4), ApprovalTimeoutOutcome.Pause), stage.Steps[0]);
        Assert.Equal(new ApprovalStep("sre", 1, null, ApprovalTimeoutOutcome.Reject), stage.Steps[2]);
        Assert.Equal("Await 3 approvals from release-managers, after 4h pause", stage.Steps[0].Describe());
        var roundTrip = JsonSerializer.Deserialize<ReleasePlan>(JsonSerializer.Serialize(plan, JournalJson.Options), JournalJson.Options)!;
        Assert.Equal("production", roundTrip.Stages[0].Environment);
        Assert.IsType<ApprovalStep>(roundTrip.Stages[0].Steps[0]);
    }

    [Theory]
    [InlineData("{ approvers: 2 }", "missing required key 'role'")]
    [InlineData("{ role: ops, onTimeout: reject }", "onTimeout needs a timeout")]
    [InlineData("{ role: ops, timeout: 1h, onTimeout: escalate }", "expected reject, pause or approve, found 'escalate'")]
    [InlineData("{ role: ops, approvers: 0 }", "approvers")]
    [InlineData("{ role: ops, timeout: soon }", "a duration")]
    [InlineData("{ role: 'release managers' }", "a role is 1 to 63 letters")]
    [InlineData("{ role: ops, quorum: 2 }", "unknown key 'quorum'")]
    public void Parse_BadApproval_SaysWhatAndWhere(string approval, string expected)
    {
        var yaml = $"""
            name: gated
            stages:
              - name: prod
                targets: [sandbox-eu]
                steps:
                  - approval: {approval}
            """;

        var error = Assert.Single(new TemplateParser().Parse(yaml).Errors);

        Assert.Contains(expected, error.ToString());
        Assert.Equal(6, error.Line);
        Assert.StartsWith("stages[0].steps[0].approval", error.Path);
    }

    [Fact]
    public void Parse_BadEnvironment_IsAnError()
    {
        const string yaml = """
            name: gated
            stages:
              - name: prod
                environment: "two words"
                targets: [sandbox-eu]
                steps:
                  - setWeight: 10
            """;

        var error = Assert.Single(new TemplateParser().Parse(yaml).Errors);

        Assert.Equal("stages[0].environment", error.Path);
        Assert.Equal(4, error.Line);
    }
}

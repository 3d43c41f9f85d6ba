using System.CommandLine;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary><c>portal release get ID</c>: the release now.</summary>
public static class ReleaseGetCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The release's id." };
        var command = new Command("get", "Show a release: state, what it waits for, its plan.") { id };
        command.SetAction((parsed, ct) => CommandRun.RunAsync(parsed, common, console, async (client, output) =>
        {
            var release = await client.GetReleaseAsync(parsed.GetRequiredValue(id), ct);
            if (output == OutputFormat.Json)
            {
                JsonOutput.Document(console, release);
            }
            else
            {
                Summary(console, release, client.ReleasePage(release.Id));
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    public static void Summary(CliConsole console, ReleaseView release, Uri page)
    {
        console.Line($"release {release.Id}: {release.Template} v{release.TemplateVersion}, version {release.Version}", "bold");
        console.Line($"  state:   {release.State}{(release.Paused ? " (paused)" : "")}{(release.SubState is { } sub ? $" - {sub}" : "")}");
        if (release.Reason is { } reason)
        {
            console.Line($"  reason:  {reason}");
        }
        if (release.CurrentStepDescription is { } step)
        {
            console.Line($"  step:    {release.CurrentStep + 1}: {step}");
        }
        console.Line($"  canary:  {EventLines.Bar(release.CanaryWeight)} {release.CanaryWeight}%");
        foreach (var stage in release.Plan?.Stages ?? [])
        {
            console.Line($"  stage {stage.Name}: {string.Join(", ", stage.Targets)} ({stage.Steps.Count} steps)");
        }
        console.Line($"  created: {release.CreatedAt:u} by {release.CreatedBy}");
        console.Line($"  page:    {page}");
    }
}

using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary><c>portal release events ID</c>: the release's journal so far (JSON lines with <c>--output json</c>).</summary>
public static class ReleaseEventsCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The release's id." };
        var after = new Option<long>("--after") { Description = "Only events after this sequence number.", DefaultValueFactory = _ => 0 };
        var command = new Command("events", "List a release's journal events, oldest first.") { id, after };
        command.SetAction((parsed, ct) => CommandRun.RunAsync(parsed, common, console, async (client, output) =>
        {
            var events = await client.GetEventsAsync(parsed.GetRequiredValue(id), parsed.GetValue(after), ct);
            var lines = new EventLines();
            foreach (var e in events)
            {
                if (output == OutputFormat.Json)
                {
                    JsonOutput.Line(console, e);
                }
                else
                {
                    console.Line(lines.Listing(e));
                }
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

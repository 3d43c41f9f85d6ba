using System.CommandLine;

namespace PortalRelease.Portal.Data.Migration;

/// <summary>
/// <c>portal migrate-store --to postgres "&lt;connection string&gt;"</c>: copies this portal's SQLite database into an
/// empty PostgreSQL database and verifies the copy. Settings (<c>--Portal:DataDirectory=…</c>) may follow the connection
/// string; the source is read through the same configuration the portal starts with. Exit codes:
/// <see cref="StoreMigrationExit"/>.
/// </summary>
public static class MigrateStoreCommand
{
    public const string Name = "migrate-store";

    /// <summary>True when the command line asks for this command rather than for the portal to start.</summary>
    public static bool Handles(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Name;

    /// <summary>Runs the command line (starting with <see cref="Name"/>); returns the process's exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var to = new Option<string>("--to") { Required = true, Description = "The provider to copy into: postgres." };
        to.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "postgres");
        var connectionString = new Argument<string>("connection-string")
        {
            Description = "An Npgsql connection string naming an empty database, e.g. \"Host=db;Database=portal;Username=portal;Password=…\".",
        };
        connectionString.Validators.Add(result =>
        {
            // A setting written before the connection string would be taken for it; say so without echoing its value.
            if (result.Tokens is [{ Value: var value }] && value.StartsWith('-'))
            {
                result.AddError($"Expected the connection string after --to postgres, found the option '{value.Split('=')[0]}'. Put settings (--Key=value) after the connection string.");
            }
        });
        var command = new Command(Name, "Copies this portal's SQLite database into an empty PostgreSQL database, then verifies the copy.")
        {
            to,
            connectionString,
        };
        // Whatever the command does not know is the portal's configuration (--Portal:DataDirectory=…), as on a normal start.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parsed, token) => StoreMigrationRun.RunAsync(parsed.GetRequiredValue(connectionString), parsed.UnmatchedTokens, output, error, token));

        var root = new RootCommand("PortalRelease portal commands.") { command };
        var parsedLine = root.Parse(args);
        if (parsedLine.Errors.Count > 0)
        {
            foreach (var problem in parsedLine.Errors)
            {
                await error.WriteLineAsync($"migrate-store: {problem.Message}");
            }
            await error.WriteLineAsync("Usage: migrate-store --to postgres \"<connection string>\" [--Portal:Setting=value …]");
            return (int)StoreMigrationExit.BadInput;
        }
        return await parsedLine.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}

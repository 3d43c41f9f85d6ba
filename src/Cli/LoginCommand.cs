using System.CommandLine;
using System.Text;
using PortalRelease.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal login --url URL (--token TOKEN | --token-stdin)</c>: asks the portal who the token is (so a typo fails
/// here, not in the next pipeline), then stores the address and the token for later commands (<see cref="StoredLogin"/>).
/// The token is never printed.
/// </summary>
public static class LoginCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var fromStdin = new Option<bool>("--token-stdin")
        {
            Description = "Read the token from standard input (a pipe, or typed without echo): it stays out of the shell's history and the process list.",
        };
        var command = new Command("login", "Check an API token against the portal and store the address and token for later commands.") { fromStdin };
        command.SetAction(async (parsed, ct) =>
        {
            var url = parsed.GetValue(common.Url) ?? Connection.Variable(CommonOptions.UrlVariable);
            if (string.IsNullOrWhiteSpace(url))
            {
                await console.Error.WriteLineAsync($"error: login needs the portal's address: pass --url or set {CommonOptions.UrlVariable}.");
                return ExitCodes.BadInput;
            }
            if (Connection.Address(url, console) is not { } root)
            {
                return ExitCodes.BadInput;
            }
            if (parsed.GetValue(fromStdin) && parsed.GetValue(common.Token) is not null)
            {
                await console.Error.WriteLineAsync("error: pass the token with --token or --token-stdin, not both.");
                return ExitCodes.BadInput;
            }
            var token = parsed.GetValue(fromStdin)
                ? ReadToken(console)
                : parsed.GetValue(common.Token) ?? Connection.Variable(CommonOptions.TokenVariable);
            if (string.IsNullOrWhiteSpace(token))
            {
                await console.Error.WriteLineAsync($"error: login needs an API token (prt_…): --token-stdin, --token or {CommonOptions.TokenVariable}.");
                return ExitCodes.BadInput;
            }
            using var client = new PortalClient(root, token);
            CallerView caller;
            try
            {
                caller = await client.GetCallerAsync(ct);
            }
            catch (Exception error) when (Failures.Report(error, console, root, ct) is { } code)
            {
                // Nothing is stored: a token the portal refused would only fail later, far from its cause.
                return code;
            }
            string path;
            try
            {
                path = new StoredLogin(root.AbsoluteUri, token.Trim()).Write();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                console.ErrorLine($"error: cannot store the login in {StoredLogin.FilePath()}: {error.Message}");
                return ExitCodes.BadInput;
            }
            if (parsed.GetValue(common.Output) == OutputFormat.Json)
            {
                JsonOutput.Document(console, new LoginResult(root, caller.User, caller.Name, caller.Method, path));
            }
            else
            {
                console.Line($"logged in to {root} as {caller.User}{(caller.Name is { Length: > 0 } name && name != caller.User ? $" ({name})" : "")}");
                console.Line($"  stored in {path}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The first line of standard input; on a terminal, typed without echo.</summary>
    private static string ReadToken(CliConsole console)
    {
        if (console.Input != Console.In || Console.IsInputRedirected)
        {
            return console.Input.ReadLine()?.Trim() ?? "";
        }
        console.Error.Write("API token: ");
        var token = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                token.Length = Math.Max(0, token.Length - 1);
                continue;
            }
            token.Append(key.KeyChar);
        }
        console.Error.WriteLine();
        return token.ToString().Trim();
    }
}

/// <summary>The JSON document of <c>portal login --output json</c>: where, as whom, and the file that holds the token.</summary>
public sealed record LoginResult(Uri Url, string User, string? Name, string? Method, string Config);

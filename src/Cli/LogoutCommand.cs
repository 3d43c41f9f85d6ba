using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal logout</c>: removes what <c>portal login</c> stored. The token itself stays valid at the portal until it
/// expires or is revoked there (its API tokens page): removing the file only takes it off this machine.
/// </summary>
public static class LogoutCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var command = new Command("logout", "Remove the stored portal address and token (revoke the token on the portal's API tokens page).");
        command.SetAction(parsed =>
        {
            var path = StoredLogin.FilePath();
            bool removed;
            try
            {
                removed = StoredLogin.Remove();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                console.ErrorLine($"error: cannot remove {path}: {error.Message}");
                return ExitCodes.BadInput;
            }
            if (parsed.GetValue(common.Output) == OutputFormat.Json)
            {
                JsonOutput.Document(console, new LogoutResult(path, removed));
            }
            else
            {
                console.Line(removed ? $"logged out: removed {path}" : $"not logged in: there is no {path}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>The JSON document of <c>portal logout --output json</c>.</summary>
public sealed record LogoutResult(string Config, bool Removed);

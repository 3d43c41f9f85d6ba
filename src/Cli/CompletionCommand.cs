using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal completion bash|zsh|pwsh</c>: prints a script that makes the shell complete <c>portal</c>'s commands and
/// options. The script asks the tool itself (System.CommandLine's <c>[suggest:POSITION] "LINE"</c> directive), so the
/// completions always match the installed version and no <c>dotnet-suggest</c> is needed.
/// </summary>
public static class CompletionCommand
{
    public static Command Create(CliConsole console)
    {
        var shell = new Argument<string>("shell") { Description = "The shell to print the script for: bash, zsh or pwsh." };
        shell.AcceptOnlyFromAmong(CompletionScripts.Shells);
        var command = new Command("completion", "Print a shell completion script: source <(portal completion bash), or see docs/ci.md for zsh and pwsh.")
        {
            shell,
        };
        command.SetAction(parsed =>
        {
            console.Output.Write(CompletionScripts.For(parsed.GetRequiredValue(shell)));
            return ExitCodes.Ok;
        });
        return command;
    }
}

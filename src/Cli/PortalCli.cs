using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary>The <c>portal</c> command line. A parse error (an unknown option, a missing value) exits with 2, as bad input.</summary>
public static class PortalCli
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var common = new CommonOptions();
        var root = new RootCommand("portal: start PortalRelease releases, wait for their outcome, steer and read them; templates, targets and plugins.")
        {
            ReleaseCommands.Create(common, console),
            TemplateCommands.Create(common, console),
            TargetCommands.Create(common, console),
            PluginsCommand.Create(common, console),
            LoginCommand.Create(common, console),
            LogoutCommand.Create(common, console),
            CompletionCommand.Create(console),
        };
        common.AddTo(root);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                console.ErrorLine($"error: {problem.Message}");
            }
            await console.Error.WriteLineAsync("See 'portal --help'.");
            return ExitCodes.BadInput;
        }
        using var interruption = new Interruption(cancellationToken);
        var configuration = new InvocationConfiguration { Output = console.Output, Error = console.Error, ProcessTerminationTimeout = null };
        int code;
        try
        {
            code = await parsed.InvokeAsync(configuration, interruption.Token);
        }
        catch (OperationCanceledException) when (interruption.ExitCode is { } signalled)
        {
            return Interruption.Report(console, signalled);
        }
        return interruption.ExitCode is { } interrupted ? Interruption.Report(console, interrupted) : code;
    }
}

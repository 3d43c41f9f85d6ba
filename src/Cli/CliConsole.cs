using Spectre.Console;

namespace PortalRelease.Cli;

/// <summary>
/// Where the CLI writes. <see cref="IsTerminal"/> is true only when standard output is a terminal and <c>NO_COLOR</c>
/// is unset: then lines carry colour; otherwise (a CI log, a pipe, a file) they are plain text, one per event.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, bool isTerminal, TextReader? input = null)
{
    private readonly IAnsiConsole? _ansi = isTerminal
        ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.Detect, ColorSystem = ColorSystemSupport.Detect })
        : null;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Standard input (a token piped to <c>portal login --token-stdin</c>); empty when none was given.</summary>
    public TextReader Input { get; } = input ?? TextReader.Null;

    public bool IsTerminal => _ansi is not null;

    public static CliConsole System() => new(
        Console.Out, Console.Error, !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")), Console.In);

    /// <summary>
    /// One line of <paramref name="text"/> on standard output, in <paramref name="style"/> (Spectre markup style) on a
    /// terminal. The text is made safe (<see cref="SafeText"/>) here, where every human line passes, so no portal string
    /// can slip past it; the CLI's own words never hold a control character, so they are unchanged.
    /// </summary>
    public void Line(string text, string? style = null)
    {
        text = SafeText.Clean(text);
        if (_ansi is null || style is null)
        {
            Output.WriteLine(text);
            return;
        }
        _ansi.MarkupLine($"[{style}]{Markup.Escape(text)}[/]");
    }

    /// <summary>One line on standard error (messages, errors), made safe like <see cref="Line"/>.</summary>
    public void ErrorLine(string text) => Error.WriteLine(SafeText.Clean(text));
}

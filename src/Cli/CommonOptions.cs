using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary>The options every command takes: where the portal is, the API token, and text or JSON output.</summary>
public sealed class CommonOptions
{
    public const string UrlVariable = "PORTAL_URL";
    public const string TokenVariable = "PORTAL_TOKEN";

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"The portal's address, e.g. https://portal.example.com (default: ${UrlVariable}).",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"An API token (prt_…) from the portal's API tokens page (default: ${TokenVariable}).",
        Recursive = true,
    };

    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "text (lines for people and CI logs) or json (one JSON document; JSON lines for events).",
        DefaultValueFactory = _ => OutputFormat.Text,
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Add(Url);
        root.Add(Token);
        root.Add(Output);
    }
}

public enum OutputFormat
{
    Text,
    Json,
}

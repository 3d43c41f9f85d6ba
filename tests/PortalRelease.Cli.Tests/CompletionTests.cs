namespace PortalRelease.Cli.Tests;

/// <summary><c>portal completion bash</c>: the script it prints, sourced in bash, completes the tool's commands.</summary>
[Collection(CliCollection.Name)]
public sealed class CompletionTests(CliFixture portal)
{
    [Fact]
    public async Task CompletionBash_PrintsAScriptThatRegistersTheCompleter()
    {
        var run = await portal.PortalAsync("completion", "bash");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("complete -o default -F _portal_complete portal", run.Output, StringComparison.Ordinal);
        Assert.Contains("[suggest:", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("portal rel", "release")]
    [InlineData("portal release st", "start")]
    [InlineData("portal release start quick-canary --me", "--meta")]
    public async Task CompletionBash_SourcedInBash_CompletesTheWordBeingTyped(string line, string expected)
    {
        // What bash does on Tab: it sets COMP_LINE, COMP_POINT, COMP_WORDS and COMP_CWORD, then calls the function the
        // script registered with 'complete' and offers what it left in COMPREPLY.
        var script = $$"""
            source <(portal completion bash) || exit 90
            COMP_LINE='{{line}}'
            COMP_POINT=${#COMP_LINE}
            read -ra COMP_WORDS <<< "$COMP_LINE"
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _portal_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """;

        var run = await portal.BashAsync(script);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([expected], run.Lines);
    }

    [Fact]
    public async Task Completion_UnknownShell_ExitsTwo()
    {
        var run = await portal.PortalAsync("completion", "fish");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("fish", run.Error, StringComparison.Ordinal);
    }
}

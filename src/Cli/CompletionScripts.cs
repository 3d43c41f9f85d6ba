namespace PortalRelease.Cli;

/// <summary>
/// The shell scripts of <see cref="CompletionCommand"/>. Each passes the line up to the cursor and the cursor's offset to
/// <c>portal "[suggest:OFFSET]" "LINE"</c>, which prints one candidate a line; the shell keeps those that start with the
/// word being typed (the directive also answers words that merely contain it).
/// </summary>
public static class CompletionScripts
{
    public static readonly string[] Shells = ["bash", "zsh", "pwsh"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "pwsh" => Pwsh,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "bash, zsh or pwsh"),
    };

    // COMP_WORDS[0] is the portal command as typed (on PATH, or a path such as .tools/portal): the same tool answers.
    private const string Bash = """
        # portal completion for bash. Load it in ~/.bashrc:  source <(portal completion bash)
        _portal_complete()
        {
            local IFS=$'\n'
            local line="${COMP_LINE:0:COMP_POINT}"
            local -a candidates
            read -d '' -ra candidates < <("${COMP_WORDS[0]}" "[suggest:${#line}]" "$line" 2>/dev/null)
            read -d '' -ra COMPREPLY < <(compgen -W "${candidates[*]}" -- "${COMP_WORDS[COMP_CWORD]}")
        }
        complete -o default -F _portal_complete portal

        """;

    private const string Zsh = """
        # portal completion for zsh. Load it in ~/.zshrc (after compinit):  source <(portal completion zsh)
        _portal_complete()
        {
            local line="${(j: :)words[1,CURRENT]}"
            local -a candidates
            candidates=("${(@f)$("${words[1]}" "[suggest:${#line}]" "$line" 2>/dev/null)}")
            compadd -a candidates
        }
        compdef _portal_complete portal

        """;

    private const string Pwsh = """
        # portal completion for PowerShell. Load it in $PROFILE:  portal completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName portal -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.Extent.Text
            $offset = [Math]::Min($cursorPosition - $commandAst.Extent.StartOffset, $line.Length)
            $line = $line.Substring(0, $offset)
            & $commandAst.CommandElements[0].Extent.Text "[suggest:$offset]" $line 2>$null |
                Where-Object { $_ -like "$wordToComplete*" } |
                ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
        }

        """;
}

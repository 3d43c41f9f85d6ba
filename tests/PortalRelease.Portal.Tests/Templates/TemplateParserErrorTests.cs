using PortalRelease.Portal.Templates;
using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Templates;

/// <summary>The table of broken templates (tests/Shared): each must report exactly one error, at the right line and column.</summary>
public sealed class TemplateParserErrorTests
{
    [Theory]
    [MemberData(nameof(BadTemplateTable.Rows), MemberType = typeof(BadTemplateTable))]
    public void Reports_the_error_where_it_is(string name, string yaml, int line, int column, string path, string fragment)
    {
        var result = new TemplateParser().Parse(yaml);

        Assert.Null(result.Template);
        var error = Assert.Single(result.Errors);
        Assert.True(
            error.Line == line && error.Column == column && error.Path == path && error.Message.Contains(fragment, StringComparison.Ordinal),
            $"{name}: expected line {line}, column {column}, path '{path}', message containing '{fragment}'; got {error}");
    }
}

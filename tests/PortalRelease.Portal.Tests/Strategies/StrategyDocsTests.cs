using PortalRelease.Portal.Tests.Templates;

namespace PortalRelease.Portal.Tests.Strategies;

/// <summary>The strategy and wave examples in docs/templates.md must stay valid templates that compile to the plans the page shows.</summary>
public sealed class StrategyDocsTests
{
    [Theory]
    [InlineData("#### Example: blue-green with analyses and a warm window")]
    [InlineData("#### Example: rolling in batches of two instances")]
    [InlineData("#### Example: all at once, after a mirrored canary elsewhere")]
    [InlineData("#### Example: one region first, then the rest after ten minutes")]
    [InlineData("#### Example: migrate the database, then the API, then the web front end")]
    public void Example_ParsesAndCompilesToTheDocumentedPlan(string heading) => TemplateDocs.AssertCompilesToDocumentedPlan(heading);
}

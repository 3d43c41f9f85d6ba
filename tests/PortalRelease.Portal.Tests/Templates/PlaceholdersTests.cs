using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Templates;

public sealed class PlaceholdersTests
{
    [Theory]
    [InlineData("{{ a }}", "a")]
    [InlineData("{{a}}", "a")]
    [InlineData("  {{  max_Rate2 }} ", "max_Rate2")]
    public void Recognises_a_whole_placeholder(string text, string name)
    {
        Assert.True(Placeholders.TryGetExact(text, out var found));
        Assert.Equal(name, found);
    }

    [Theory]
    [InlineData("x-{{ a }}")]
    [InlineData("{{ a }}{{ b }}")]
    [InlineData("{{ 1a }}")]
    [InlineData("plain")]
    public void Does_not_take_other_text_for_a_whole_placeholder(string text)
    {
        Assert.False(Placeholders.TryGetExact(text, out _));
    }

    [Fact]
    public void Substitutes_well_formed_placeholders_only()
    {
        var text = Placeholders.Substitute("{{a}}-{{ b }}-{{ 9 }}", name => name.ToUpperInvariant());

        Assert.Equal("A-B-{{ 9 }}", text);
        Assert.Equal(["a", "b"], Placeholders.Names("{{a}}-{{ b }}-{{ a }}"));
    }

    [Fact]
    public void Finds_malformed_placeholders()
    {
        Assert.Collection(
            Placeholders.Find("{{ ok }} {{ 1x }} {{ open"),
            m => Assert.Equal("ok", m.Name),
            m => Assert.Contains("malformed", m.Problem, StringComparison.Ordinal),
            m => Assert.Contains("unclosed", m.Problem, StringComparison.Ordinal));
        Assert.Contains("without a matching", Assert.Single(Placeholders.Find("close }}")).Problem, StringComparison.Ordinal);
    }
}

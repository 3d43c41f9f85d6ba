using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Tests.Audit;

/// <summary>How the API, the export and the page read filters from a query string: strictly, naming what is wrong.</summary>
public sealed class AuditFilterParserTests
{
    private static AuditFilterInput Parse(string query, params string[] allowed) => AuditFilterParser.Parse(QueryHelpers.ParseQuery(query), allowed);

    [Fact]
    public void Parse_EveryFilter_ReadsEachIntoTheFilter()
    {
        var input = Parse("?actor=al*&action=release.&resourceKind=target&resourceId=k8s-eu&from=2026-12-06&to=2026-12-07T08:30:00%2B02:00&outcome=refused&before=42&limit=7", "before", "limit");

        Assert.True(input.Ok, string.Join("; ", input.Errors.Select(e => $"{e.Key}: {e.Value[0]}")));
        Assert.Equal(AuditMatch.Prefix("al"), input.Filter.Actor);
        Assert.Equal(AuditMatch.Prefix("release."), input.Filter.Action);
        Assert.Equal(("target", "k8s-eu", "refused"), (input.Filter.ResourceKind, input.Filter.ResourceId, input.Filter.Outcome));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero), input.Filter.From);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 6, 30, 0, TimeSpan.Zero), input.Filter.To);
        Assert.Equal((42L, 7), (input.Before, input.Limit));
    }

    [Theory]
    [InlineData("target", AuditMatchKind.Family)]
    [InlineData("target.create", AuditMatchKind.Exact)]
    [InlineData("tar*", AuditMatchKind.Prefix)]
    public void Parse_Action_PlainWordIsAFamilyDottedIsExactStarIsAPrefix(string action, AuditMatchKind kind)
    {
        Assert.Equal(kind, Parse("?action=" + Uri.EscapeDataString(action)).Filter.Action!.Kind);
    }

    [Theory]
    [InlineData("2026-12-06T21:00Z")]
    [InlineData("2026-12-06T21:00:00Z")]
    [InlineData("2026-12-06 21:00:00")]
    [InlineData("2026-12-06T22:00:00.0000000+01:00")]
    public void Parse_IsoTimes_AreReadAsTheSameInstant(string text)
    {
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 21, 0, 0, TimeSpan.Zero), Parse("?from=" + Uri.EscapeDataString(text)).Filter.From);
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=12/06/2026", "to")]
    [InlineData("?from=2026-13-01", "from")]
    [InlineData("?from=2026-12-06T21:00:00Zjunk", "from")]
    [InlineData("?from=2026-12-07&to=2026-12-06", "to")]
    [InlineData("?from=2026-12-07&to=2026-12-07", "to")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?before=0", "before")]
    [InlineData("?before=-5", "before")]
    [InlineData("?actor=a*b", "actor")]
    [InlineData("?action=*", "action")]
    [InlineData("?outcome=ok%0Arefused", "outcome")]
    [InlineData("?outcome=ok&outcome=refused", "outcome")]
    [InlineData("?acter=alice", "acter")]
    [InlineData("?resource=target", "resource")]
    public void Parse_BadValue_IsAnErrorNamingTheParameter(string query, string parameter)
    {
        var input = Parse(query, "before", "limit");

        Assert.False(input.Ok);
        Assert.Equal([parameter], input.Errors.Keys);
        Assert.NotEmpty(input.Errors[parameter][0]);
    }

    [Fact]
    public void Parse_TooLongText_SaysHowLongAndDoesNotEchoIt()
    {
        var input = Parse("?resourceId=" + new string('x', 201));

        Assert.Equal("is 201 characters long; at most 200.", input.Errors["resourceId"][0]);
    }

    [Fact]
    public void Parse_PagingParametersWhereNoneAreTaken_AreUnknown()
    {
        Assert.Equal(["limit"], Parse("?limit=5").Errors.Keys);
    }

    [Fact]
    public void Parse_EmptyValues_SelectEverything()
    {
        var input = Parse("?actor=&action=&from=&limit=", "limit");

        Assert.True(input.Ok);
        Assert.Equal(AuditFilter.All, input.Filter);
        Assert.Equal(AuditFilterParser.DefaultLimit, input.Limit);
    }

    [Fact]
    public void ToQuery_ParsedBack_IsTheSameFilter()
    {
        var filter = new AuditFilter
        {
            Actor = AuditMatch.Prefix("al"), Action = new AuditMatch("target", AuditMatchKind.Family), ResourceKind = "target", ResourceId = "a b&c",
            From = new DateTimeOffset(2026, 12, 6, 21, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2026, 12, 6, 21, 0, 0, 500, TimeSpan.Zero), Outcome = "refused",
        };
        var query = QueryString.Create(AuditFilterParser.ToQuery(filter).Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));

        Assert.Equal(filter, Parse(query.Value!).Filter);
    }
}

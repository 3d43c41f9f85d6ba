using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Tests.Identity;

namespace PortalRelease.Portal.Tests.Api.OpenApi;

/// <summary>
/// The API's OpenAPI description: served at <c>/openapi/v1.json</c>, equal to the checked-in copy (so every change to
/// the API shows in review), complete (every <c>/api</c> route), and not breaking the contract clients were given.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Served_EqualsTheCheckedInCopy()
    {
        await using var portal = new TestPortal();

        var served = await portal.Http.GetStringAsync("/openapi/v1.json");

        var checkedIn = OpenApiFiles.Read(OpenApiFiles.Current);
        var servedNode = JsonNode.Parse(served)!;
        if (!JsonNode.DeepEquals(checkedIn, servedNode))
        {
            var copy = OpenApiFiles.WriteServed(served);
            var breaking = OpenApiBreakingChanges.Find(checkedIn, servedNode);
            Assert.Fail(
                "The API's description changed: the served /openapi/v1.json differs from docs/openapi/v1.json at\n  "
                + string.Join("\n  ", JsonDifferences.Find(checkedIn, servedNode))
                + (breaking.Count == 0 ? "\nNothing of it breaks a client." : "\nBREAKING for clients:\n  " + string.Join("\n  ", breaking))
                + $"\nIf the change is meant, review it and copy {copy} to docs/openapi/v1.json.");
        }
    }

    [Fact]
    public async Task Served_DescribesEveryApiRouteAndNothingElse()
    {
        await using var portal = new TestPortal();
        var document = JsonNode.Parse(await portal.Http.GetStringAsync("/openapi/v1.json"))!;
        var described = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Key != "parameters").Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}"))
            .ToHashSet(StringComparer.Ordinal);

        var routes = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } text && text.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Path(e.RoutePattern)}"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(routes);
        Assert.Empty(routes.Except(described));
        Assert.Empty(described.Except(routes));
        Assert.DoesNotContain(document["paths"]!.AsObject(), p => !p.Key.StartsWith("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Served_SaysHowToAuthenticate_AndThatEveryOperationButTheAnonymousOnesNeedsAToken()
    {
        await using var portal = new TestPortal();
        var document = JsonNode.Parse(await portal.Http.GetStringAsync("/openapi/v1.json"))!;

        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("http", schemes["apiToken"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["apiToken"]!["scheme"]!.GetValue<string>());
        Assert.Equal("basic", schemes["apiTokenBasic"]!["scheme"]!.GetValue<string>());
        var create = document["paths"]!["/api/releases"]!["post"]!;
        Assert.Equal("apiToken", create["security"]![0]!.AsObject().Single().Key);
        Assert.NotNull(create["responses"]!["401"]);
        Assert.NotNull(create["responses"]!["403"]);
        Assert.Null(document["servers"]);
    }

    [Fact]
    public async Task Served_WithoutSigningIn_InTheShippedSignInMode()
    {
        await using var portal = new LocalPortal();
        using var anonymous = portal.Browser();

        using var answer = await anonymous.GetAsync("/openapi/v1.json");
        using var api = await anonymous.GetAsync("/api/releases");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("PortalRelease API", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["info"]!["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Served_ToAnonymousCallers_IsBuiltOnceThenAnsweredFromTheCache()
    {
        await using var portal = new LocalPortal();
        using var anonymous = portal.Browser();

        using var first = await anonymous.GetAsync("/openapi/v1.json");
        using var second = await anonymous.GetAsync("/openapi/v1.json");

        // The output cache marks what it answers with an Age header; a document built for the request has none.
        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/openapi/v2.json")]
    [InlineData("/openapi/..%2F..%2Fappsettings.json")]
    public async Task Served_ToAnonymousCallers_AnUnknownDocumentIs404AndNeverCached(string path)
    {
        await using var portal = new LocalPortal();
        using var anonymous = portal.Browser();
        var longName = "/openapi/" + new string('x', 4000) + ".json";

        using var first = await anonymous.GetAsync(path);
        using var second = await anonymous.GetAsync(path);
        using var long1 = await anonymous.GetAsync(longName);
        using var long2 = await anonymous.GetAsync(longName);

        // Only the one document exists; a caller naming others gets nothing from disk and leaves nothing in the cache.
        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Null(second.Headers.Age);
        Assert.DoesNotContain("Portal", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, long2.StatusCode);
        Assert.Null(long2.Headers.Age);
    }

    [Fact]
    public async Task Served_ToAnonymousCallers_AnotherQueryOrHostDoesNotBuildItAgain()
    {
        await using var portal = new LocalPortal();
        using var anonymous = portal.Browser();
        (await anonymous.GetAsync("/openapi/v1.json")).Dispose();

        using var query = await anonymous.GetAsync("/openapi/v1.json?bust=" + Guid.NewGuid().ToString("N"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "bust-" + Guid.NewGuid().ToString("N")[..8] + ".example";
        using var host = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.NotNull(query.Headers.Age);
        Assert.Equal(HttpStatusCode.OK, host.StatusCode);
        Assert.NotNull(host.Headers.Age);
    }

    [Fact]
    public void CheckedInCopy_BreaksNothingOfTheShippedContract_ButWhatWasAccepted()
    {
        var breaking = OpenApiBreakingChanges.Find(OpenApiFiles.Read(OpenApiFiles.Shipped), OpenApiFiles.Read(OpenApiFiles.Current));

        var unaccepted = breaking.Where(b => !OpenApiFiles.AcceptedChanges().Contains(b)).ToList();
        Assert.True(unaccepted.Count == 0,
            "docs/openapi/v1.json breaks what clients of docs/openapi/v1.shipped.json rely on:\n  " + string.Join("\n  ", unaccepted)
            + "\nKeep the old shape (add, do not change), or, where breaking it is decided, add the line to docs/openapi/accepted-breaking-changes.txt with the reason above it.");
    }

    /// <summary>A route as the description writes it: parameters without their constraints (<c>{id:long}</c> → <c>{id}</c>).</summary>
    private static string Path(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));
}

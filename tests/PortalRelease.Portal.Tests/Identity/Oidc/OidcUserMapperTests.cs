using System.Text.Json;
using PortalRelease.Portal.Identity.Oidc;

namespace PortalRelease.Portal.Tests.Identity.Oidc;

/// <summary>What the provider says about a user, mapped onto the portal's claims (the sign-in tests cover the wire).</summary>
public sealed class OidcUserMapperTests
{
    private static readonly OidcClaimNames Defaults = new();

    [Fact]
    public void Map_IdTokenAndUserInfo_IdTokenWinsGroupsUnited()
    {
        var result = Map("""{"sub":"u1","name":"From Token","groups":["a"]}""", """{"sub":"u1","name":"From UserInfo","email":"u1@example.test","groups":["b","a"]}""");

        Assert.Equal(new PortalUserShape("u1", "From Token", "u1@example.test", ["a", "b"]), Shape(result));
    }

    [Fact]
    public void Map_NumericSubjectAndNoName_UsesIdAsName()
    {
        var result = Map("""{"sub":12345}""");

        Assert.Equal(new PortalUserShape("12345", "12345", null, []), Shape(result));
    }

    [Theory]
    [InlineData("""{"name":"No Subject"}""", "no 'sub' claim")]
    [InlineData("""{"sub":""}""", "no 'sub' claim")]
    [InlineData("""{"sub":"a\u0000b"}""", "not printable")]
    [InlineData("""{"sub":"sa:payments-ci"}""", "names the portal's service accounts")]
    [InlineData("""{"sub":"u","groups":["ok","bad\nline"]}""", "a group in 'groups'")]
    public void Map_UnusableUserIdOrGroup_RefusesNamingTheSetting(string token, string expected)
    {
        var result = Map(token);

        Assert.Null(result.User);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("Portal:Auth:Oidc:Claims:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_ExactlyTheGroupLimit_Accepted()
    {
        var groups = JsonSerializer.Serialize(Enumerable.Range(0, OidcUserMapper.MaxGroups).Select(i => $"g{i}"));

        var result = Map($$"""{"sub":"u","groups":{{groups}}}""");

        Assert.Equal(OidcUserMapper.MaxGroups, result.User!.Groups.Count);
    }

    [Fact]
    public void Map_GroupsOfOtherShapes_Ignored()
    {
        var result = Map("""{"sub":"u","groups":{"nested":"object"}}""");

        Assert.Empty(result.User!.Groups);
    }

    private static OidcUserMapper.Result Map(params string[] sources) =>
        OidcUserMapper.Map(Defaults, sources.Select(s => JsonDocument.Parse(s).RootElement.Clone()).ToList());

    private static PortalUserShape? Shape(OidcUserMapper.Result result) =>
        result.User is { } u ? new PortalUserShape(u.Id, u.Name, u.Email, [.. u.Groups]) : null;

    private sealed record PortalUserShape(string Id, string Name, string? Email, string[] Groups)
    {
        public bool Equals(PortalUserShape? other) =>
            other is not null && Id == other.Id && Name == other.Name && Email == other.Email && Groups.SequenceEqual(other.Groups);

        public override int GetHashCode() => Id.GetHashCode(StringComparison.Ordinal);
    }
}

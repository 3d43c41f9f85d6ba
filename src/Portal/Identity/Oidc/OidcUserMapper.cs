using System.Text.Json;

namespace PortalRelease.Portal.Identity.Oidc;

/// <summary>
/// Turns what the provider said about a user (the validated ID token's claims and the user info response, as JSON)
/// into the portal's user: the id, name, e-mail and groups from the claims <c>Portal:Auth:Oidc:Claims</c> names. A token
/// is input too: the user id must be present and printable, groups are bounded in number and length, and a sign-in that
/// breaks a bound is refused rather than trimmed, because a silently shortened group list or name changes who a user is.
/// </summary>
internal static class OidcUserMapper
{
    public const string Method = "oidc";
    public const int MaxGroups = 200;
    public const int MaxLength = 256;

    private static readonly char[] GroupSeparators = [',', ' ', '\t', '\n', '\r'];

    public sealed record Result(PortalUser? User, string? Error);

    /// <summary>Maps the sources in order of precedence (ID token first, then user info).</summary>
    public static Result Map(OidcClaimNames names, IReadOnlyList<JsonElement> sources)
    {
        var id = First(sources, names.UserId);
        if (id is null)
        {
            return Fail($"the provider sent no '{names.UserId}' claim for the user id ({OidcOptions.Section}:Claims:UserId)");
        }
        if (id.Length > MaxLength || id.Any(char.IsControl))
        {
            return Fail($"the user id in '{names.UserId}' is longer than {MaxLength} characters or not printable ({OidcOptions.Section}:Claims:UserId)");
        }
        // Grants name service accounts by 'sa:<name>': a person whose provider id read so would inherit them.
        if (id.StartsWith(ServiceAccounts.ServiceAccountService.IdPrefix, StringComparison.Ordinal))
        {
            return Fail($"the user id in '{names.UserId}' starts with '{ServiceAccounts.ServiceAccountService.IdPrefix}', which names the portal's service accounts ({OidcOptions.Section}:Claims:UserId)");
        }
        var name = First(sources, names.Name) is { Length: > 0 and <= MaxLength } n && !n.Any(char.IsControl) ? n : id;
        var email = First(sources, names.Email) is { Length: > 0 and <= 320 } e && !e.Any(char.IsControl) ? e : null;

        var groups = new List<string>();
        foreach (var source in sources)
        {
            if (source.ValueKind != JsonValueKind.Object || !source.TryGetProperty(names.Groups, out var value))
            {
                continue;
            }
            foreach (var group in Groups(value))
            {
                if (group.Length > MaxLength || group.Any(char.IsControl))
                {
                    return Fail($"a group in '{names.Groups}' is longer than {MaxLength} characters or not printable ({OidcOptions.Section}:Claims:Groups)");
                }
                if (!groups.Contains(group, StringComparer.Ordinal))
                {
                    groups.Add(group);
                }
                if (groups.Count > MaxGroups)
                {
                    return Fail($"the provider sent more than {MaxGroups} groups in '{names.Groups}'; have it send only the groups that matter to the portal ({OidcOptions.Section}:Claims:Groups)");
                }
            }
        }
        return new Result(new PortalUser(id, name, email, groups, Method), null);
    }

    private static Result Fail(string error) => new(null, error);

    private static string? First(IReadOnlyList<JsonElement> sources, string claim)
    {
        foreach (var source in sources)
        {
            if (source.ValueKind == JsonValueKind.Object && source.TryGetProperty(claim, out var value) && Scalar(value) is { Length: > 0 } text)
            {
                return text;
            }
        }
        return null;
    }

    // Numbers are accepted as text: some providers send a numeric subject.
    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    // An array holds one group per element, spaces and all; a single string is a list separated by commas or spaces.
    private static IEnumerable<string> Groups(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().Select(Scalar).OfType<string>().Select(g => g.Trim()).Where(g => g.Length > 0),
        JsonValueKind.String => (value.GetString() ?? "").Split(GroupSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => [],
    };
}

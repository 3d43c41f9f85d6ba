using System.Text.RegularExpressions;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.ServiceAccounts;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Identity.Local;

/// <summary>What a local account may be called and hold, checked before anything is stored.</summary>
public static partial class LocalUserRules
{
    public const int MaxDisplayName = 128;
    public const int MaxGroups = 32;

    // Names the journal and the audit log already use for the portal itself ('engine' marks automatic decisions on the
    // on-call page): an account of that name would pass for the portal.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "engine", "alertmanager", "system", "portal", "root", "anonymous", "unknown", "everyone", "dev-user", "development",
    };

    /// <summary>The account id for a typed user name, or null with the reason in <paramref name="errors"/>.</summary>
    public static string? UserName(string? userName, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(userName))
        {
            errors.Add("userName", "userName is required: 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.");
            return null;
        }
        if (userName.Any(char.IsControl) || userName.Length > LocalAccountService.MaxUserNameLength + 16)
        {
            errors.Add("userName", $"userName must be 1 to 64 printable characters (was '{Input.Excerpt.Of(userName)}').");
            return null;
        }
        var id = LocalAccountService.NormalizeId(userName);
        if (id.StartsWith(ServiceAccountService.IdPrefix, StringComparison.Ordinal))
        {
            errors.Add("userName", $"userName must not start with '{ServiceAccountService.IdPrefix}': that is how service accounts are named.");
        }
        else if (!Shape().IsMatch(id))
        {
            errors.Add("userName", $"userName must be 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit (was '{Input.Excerpt.Of(id)}').");
        }
        else if (Reserved.Contains(id))
        {
            errors.Add("userName", $"userName '{id}' is reserved: the journal and audit log use it for the portal itself.");
        }
        else
        {
            return id;
        }
        return null;
    }

    /// <summary>A trimmed display name, <paramref name="fallback"/> when none is given; null with the reason when bad.</summary>
    public static string? DisplayName(string? displayName, string fallback, RequestErrors errors)
    {
        var name = string.IsNullOrWhiteSpace(displayName) ? fallback : displayName.Trim();
        if (name.Length > MaxDisplayName || name.Any(char.IsControl))
        {
            errors.Add("displayName", $"displayName must be at most {MaxDisplayName} printable characters.");
            return null;
        }
        return name;
    }

    /// <summary>Distinct, sorted group names (the rule grants and approval gates use); problems under <c>groups.N</c>.</summary>
    public static IReadOnlyList<string> Groups(IReadOnlyList<string?>? groups, RequestErrors errors)
    {
        if (groups is null || groups.Count == 0)
        {
            return [];
        }
        if (groups.Count > MaxGroups)
        {
            errors.Add("groups", $"groups holds at most {MaxGroups} names, found {groups.Count}.");
            return [];
        }
        for (var i = 0; i < groups.Count; i++)
        {
            if (GrantRules.GroupProblem(groups[i]) is { } problem)
            {
                errors.Add($"groups.{i}", problem);
            }
        }
        return groups.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}

using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Identity.Access;

/// <summary>Fails start-up with a message naming the setting when <c>Portal:Access</c> is wrong.</summary>
public sealed class AccessOptionsValidator(IConfiguration configuration) : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var errors = new List<string>();
        // One model: approval gates name groups now, and group membership lives with the grants.
        if (configuration.GetSection("Portal:Roles").GetChildren().Any())
        {
            errors.Add("Portal:Roles moved to Portal:Access:Groups (same shape: group name → user ids); approval gates name a group, and its members need the approver role there (Portal:Access:Grants).");
        }
        for (var i = 0; i < options.Grants.Count; i++)
        {
            var grant = options.Grants[i];
            var path = $"{AccessOptions.Section}:Grants:{i}";
            var subjects = (grant.User is null ? 0 : 1) + (grant.Group is null ? 0 : 1) + (grant.Everyone ? 1 : 0);
            if (subjects != 1)
            {
                errors.Add($"{path} names {(subjects == 0 ? "nobody" : "more than one subject")}: give exactly one of User, Group or Everyone: true.");
            }
            if (grant.User is not null && GrantRules.UserProblem(grant.User) is { } user)
            {
                errors.Add($"{path}:User: {user}.");
            }
            if (grant.Group is not null && GrantRules.GroupProblem(grant.Group) is { } group)
            {
                errors.Add($"{path}:Group: {group}.");
            }
            if (GrantRules.RoleProblem(grant.Role) is { } role)
            {
                errors.Add($"{path}:Role: {role}.");
            }
            var problems = new List<(string Path, string Message)>();
            GrantRules.Patterns(grant.Environments, $"{path}:Environments", problems);
            GrantRules.Patterns(grant.Services, $"{path}:Services", problems);
            GrantRules.Patterns(grant.Teams, $"{path}:Teams", problems);
            errors.AddRange(problems.Select(p => $"{p.Path}: {p.Message}."));
        }
        foreach (var (group, members) in options.Groups)
        {
            if (GrantRules.GroupProblem(group) is { } problem)
            {
                errors.Add($"{AccessOptions.Section}:Groups:{group}: {problem}.");
            }
            if (members is null || members.Count == 0)
            {
                errors.Add($"{AccessOptions.Section}:Groups:{group} lists no users: give at least one user id, or remove the group.");
                continue;
            }
            for (var i = 0; i < members.Count; i++)
            {
                if (GrantRules.UserProblem(members[i]) is { } member)
                {
                    errors.Add($"{AccessOptions.Section}:Groups:{group}:{i}: {member}.");
                }
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

using Microsoft.AspNetCore.Authorization;

namespace PortalRelease.Portal.Identity.Access;

/// <summary>A resource-based requirement: the user holds <see cref="Permission"/> over the <see cref="AccessScope"/> resource.</summary>
public sealed record AccessRequirement(AccessPermission Permission) : IAuthorizationRequirement;

/// <summary>Decides <see cref="AccessRequirement"/>s through <see cref="AccessControl"/>, keeping its reason for the caller.</summary>
public sealed class AccessAuthorizationHandler(AccessControl access) : AuthorizationHandler<AccessRequirement, AccessScope>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement, AccessScope resource)
    {
        var decision = await access.DecideAsync(context.User, requirement.Permission, resource);
        if (decision.Allowed)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, decision.Reason ?? "Not allowed."));
        }
    }
}

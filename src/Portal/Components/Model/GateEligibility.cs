using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// Whether the current user may answer an approval, by the same rules <see cref="ReleaseService.ApproveAsync"/> applies
/// (not the author, in the gate's group, not approved already; the approver grant is checked when acting), so the page never offers a button the service then refuses.
/// </summary>
public static class GateEligibility
{
    /// <summary>Null when <paramref name="actor"/> may approve or reject; otherwise why not, and who can.</summary>
    public static string? WhyNot(ReleaseView view, ReleaseView.ApprovalState approval, PortalUser user, AccessControl access)
    {
        var actor = user.Id;
        var role = approval.Request.Role;
        var others = Others(view, approval, access);
        if (view.CreatedBy == actor)
        {
            return $"You started this release; someone else from {role} must approve it ({others}).";
        }
        if (!access.IsMember(user, role))
        {
            return $"You are not in {role}; a member of it must approve this release ({others}).";
        }
        if (approval.HasApproved(actor))
        {
            var left = approval.Request.Approvers - approval.Approvals.Count;
            return $"You approved already; {left} more approval{(left == 1 ? "" : "s")} from {role} needed ({others}).";
        }
        return null;
    }

    /// <summary>The members of the approval's group named in settings who may still answer: not the author, not approved already.</summary>
    public static string Others(ReleaseView view, ReleaseView.ApprovalState approval, AccessControl access)
    {
        var members = access.SettingsMembers(approval.Request.Role)
            .Where(m => m != view.CreatedBy && !approval.HasApproved(m))
            .ToList();
        return members.Count == 0 ? $"no other member of {approval.Request.Role} is named in Portal:Access:Groups; members at the identity provider may" : string.Join(", ", members);
    }
}

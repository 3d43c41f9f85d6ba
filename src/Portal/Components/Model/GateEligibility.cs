using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// Whether the current user may answer an approval, by the same rules <see cref="ReleaseService.ApproveAsync"/> applies
/// (not the author, in the role, not approved already), so the page never offers a button the service then refuses.
/// </summary>
public static class GateEligibility
{
    /// <summary>Null when <paramref name="actor"/> may approve or reject; otherwise why not, and who can.</summary>
    public static string? WhyNot(ReleaseView view, ReleaseView.ApprovalState approval, string actor, GateConfig gates)
    {
        var role = approval.Request.Role;
        var others = Others(view, approval, gates);
        if (view.CreatedBy == actor)
        {
            return $"You started this release; someone else from {role} must approve it ({others}).";
        }
        if (!gates.IsMember(role, actor))
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

    /// <summary>The members of the approval's role who may still answer: not the author, not approved already.</summary>
    public static string Others(ReleaseView view, ReleaseView.ApprovalState approval, GateConfig gates)
    {
        var members = gates.Members(approval.Request.Role)
            .Where(m => m != view.CreatedBy && !approval.HasApproved(m))
            .ToList();
        return members.Count == 0 ? $"nobody: role {approval.Request.Role} has no other members in Portal:Roles" : string.Join(", ", members);
    }
}

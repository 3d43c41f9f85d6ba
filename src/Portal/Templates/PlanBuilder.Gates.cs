namespace PortalRelease.Portal.Templates;

/// <summary>Approval gates: a stage's gate becomes an approval step before its first step.</summary>
internal sealed partial class PlanBuilder
{
    private ApprovalStep? BuildApproval(ApprovalDefinition approval, string path)
    {
        var approvers = 1L;
        if (approval.Approvers is { } rawApprovers)
        {
            if (!TryResolve(rawApprovers, $"{path}.approvers", FieldSpec.Count, out var value))
            {
                return null;
            }
            approvers = (long)value!;
        }
        if (!TryResolveOptional(approval.Timeout, $"{path}.timeout", FieldSpec.Interval, out var timeout))
        {
            return null;
        }
        return new ApprovalStep(approval.Role, (int)Math.Min(approvers, int.MaxValue), (TimeSpan?)timeout, approval.OnTimeout);
    }

    /// <summary>The stage's own approval gate as the first step, when it declares one.</summary>
    private void AddStageGate(StageDefinition stage, string path, List<PlanStep> steps)
    {
        if (stage.Approval is { } gate && BuildApproval(gate, $"{path}.approval") is { } approval)
        {
            steps.Add(approval);
        }
    }
}

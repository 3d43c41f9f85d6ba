using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PortalRelease.Portal.Templates;

/// <summary>Gates: the <c>approval:</c> step or stage gate, and the stage's <c>environment:</c> (whose calendar applies).</summary>
internal sealed partial class TemplateReader
{
    private static readonly string[] ApprovalKeys = ["role", "approvers", "timeout", "onTimeout"];

    private static readonly string[] TimeoutOutcomes = ["reject", "pause", "approve"];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex GateName();

    private ApprovalDefinition? ReadApproval(YamlNode node, string path, int line, int column)
    {
        if (IsNull(node) || Mapping(node, path, "a mapping such as { role: release-managers, approvers: 2, timeout: 4h, onTimeout: reject }") is not { } map)
        {
            if (IsNull(node))
            {
                Error(node, path, "an approval needs at least a role, e.g. { role: release-managers }");
            }
            return null;
        }
        var fields = ReadFields(map, path, ApprovalKeys);
        var ok = fields.Entries.Count == map.Children.Count;
        string? role = null;
        if (Required(fields, "role") is { } roleNode)
        {
            role = Scalar(roleNode, Join(path, "role"));
            if (role is not null && !GateName().IsMatch(role))
            {
                Error(roleNode, Join(path, "role"), $"a role is 1 to 63 letters, digits, '.', '_' or '-' naming a group (Portal:Access:Groups or the identity provider's), found '{role}'");
                role = null;
            }
        }
        ok &= role is not null;
        string? Optional(string key, FieldSpec spec)
        {
            if (fields.Get(key) is not { } valueNode || IsNull(valueNode))
            {
                return null;
            }
            var value = ReadValue(valueNode, Join(path, key), spec);
            ok &= value is not null;
            return value;
        }
        var approvers = Optional("approvers", FieldSpec.Count);
        var timeout = Optional("timeout", FieldSpec.Interval);
        var onTimeout = ApprovalTimeoutOutcome.Reject;
        if (fields.Get("onTimeout") is { } outcomeNode && Scalar(outcomeNode, Join(path, "onTimeout")) is { } outcome)
        {
            var index = Array.IndexOf(TimeoutOutcomes, outcome);
            if (index < 0)
            {
                Error(outcomeNode, Join(path, "onTimeout"), $"expected reject, pause or approve, found '{outcome}'");
                ok = false;
            }
            else if (fields.Get("timeout") is null)
            {
                Error(outcomeNode, Join(path, "onTimeout"), "onTimeout needs a timeout, e.g. timeout: 4h");
                ok = false;
            }
            else
            {
                onTimeout = (ApprovalTimeoutOutcome)index;
            }
        }
        return ok && role is not null ? new ApprovalDefinition(role, approvers, timeout, onTimeout, line, column) : null;
    }

    /// <summary>The stage's <c>environment</c> and <c>approval</c> keys; false when either is wrong (the error is recorded).</summary>
    private bool ReadStageGates(Fields fields, string path, out string? environment, out ApprovalDefinition? approval)
    {
        environment = null;
        approval = null;
        var ok = true;
        if (fields.Get("environment") is { } environmentNode)
        {
            var environmentPath = Join(path, "environment");
            environment = Scalar(environmentNode, environmentPath);
            if (environment is not null && !GateName().IsMatch(environment))
            {
                Error(environmentNode, environmentPath, $"an environment is 1 to 63 letters, digits, '.', '_' or '-' (as in Portal:Calendars), found '{environment}'");
                environment = null;
            }
            ok &= environment is not null;
        }
        if (fields.Get("approval") is { } approvalNode)
        {
            approval = ReadApproval(approvalNode, Join(path, "approval"), (int)approvalNode.Start.Line, (int)approvalNode.Start.Column);
            ok &= approval is not null;
        }
        return ok;
    }
}

using System.Text;

namespace Samples.NginxUpstream;

/// <summary>Renders the nginx upstream block for a state: weights are the traffic percentages.</summary>
internal static class UpstreamConfig
{
    public static string Render(string target, NginxSettings settings, UpstreamState state)
    {
        var text = new StringBuilder();
        text.Append("# Written by PortalRelease for target '").Append(target).Append("'. Changes made by hand are overwritten.\n");
        text.Append("# stable ").Append(state.Stable ?? "(none)");
        if (state.Canary is not null)
        {
            text.Append(", canary ").Append(state.Canary).Append(" at ").Append(state.CanaryWeight).Append('%');
        }

        text.Append('\n').Append("upstream ").Append(settings.Upstream).Append(" {\n");
        var canaryWeight = state.Canary is null ? 0 : state.CanaryWeight;
        // nginx weights must be at least 1: a server with no share of the traffic is left out.
        if (canaryWeight < 100)
        {
            text.Append("    server ").Append(settings.StableServer).Append(" weight=").Append(100 - canaryWeight).Append(";\n");
        }

        if (canaryWeight > 0)
        {
            text.Append("    server ").Append(settings.CanaryServer).Append(" weight=").Append(canaryWeight).Append(";\n");
        }

        return text.Append("}\n").ToString();
    }
}

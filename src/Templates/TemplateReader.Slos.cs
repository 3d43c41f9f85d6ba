using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PortalRelease.Portal.Templates;

/// <summary>The <c>slos:</c> list: the service's objectives and the burn-rate policy that pauses its releases.</summary>
internal sealed partial class TemplateReader
{
    private static readonly string[] SloKeys = ["name", "objective", "window", "provider", "good", "total", "burnRate"];
    private static readonly string[] BurnRateKeys = ["shortWindow", "longWindow", "pauseAbove", "pauseAboveLong"];

    [GeneratedRegex("^[a-z0-9-]{1,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SloName();

    [GeneratedRegex(@"^(?<d>\d{1,3})d\z", RegexOptions.CultureInvariant)]
    private static partial Regex Days();

    private List<SloDefinition> ReadSlos(YamlNode? node)
    {
        const string path = "slos";
        if (node is null || IsNull(node) || Sequence(node, path, "a list of SLOs such as '- { name: availability, objective: 99.9%, good: requests-good, total: requests-total }'") is not { } list)
        {
            return [];
        }
        var slos = new List<SloDefinition>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            if (ReadSlo(item, Index(path, i)) is not { } slo)
            {
                continue;
            }
            if (slos.Any(s => s.Name == slo.Name))
            {
                Error(item, Join(Index(path, i), "name"), $"SLO '{slo.Name}' is declared twice; SLO names are unique within a service");
                continue;
            }
            slos.Add(slo);
        }
        return slos;
    }

    private SloDefinition? ReadSlo(YamlNode node, string path)
    {
        if (Mapping(node, path, "a mapping with name, objective, good and total") is not { } map)
        {
            return null;
        }
        var fields = ReadFields(map, path, SloKeys);
        var ok = fields.Entries.Count == map.Children.Count;
        string? Text(string key, bool required)
        {
            var valueNode = required ? Required(fields, key) : fields.Get(key);
            if (valueNode is null || (!required && IsNull(valueNode)))
            {
                ok &= !required;
                return null;
            }
            var text = Scalar(valueNode, Join(path, key));
            ok &= text is not null;
            return text;
        }
        var name = Text("name", required: true);
        if (name is not null && !SloName().IsMatch(name))
        {
            Error(fields.Get("name")!, Join(path, "name"), $"an SLO name is 1 to 63 lower-case letters, digits or dashes, found '{name}'");
            ok = false;
        }
        var objective = ReadObjective(fields, path, ref ok);
        var window = TimeSpan.FromDays(30);
        if (fields.Get("window") is { } windowNode && !IsNull(windowNode))
        {
            ok &= ReadWindow(windowNode, Join(path, "window"), out window);
        }
        var provider = Text("provider", required: false);
        var good = Text("good", required: true);
        var total = Text("total", required: true);
        var policy = BurnRatePolicy.Default;
        if (fields.Get("burnRate") is { } policyNode && !IsNull(policyNode))
        {
            ok &= ReadBurnRatePolicy(policyNode, Join(path, "burnRate"), window, out policy);
        }
        return ok && name is not null && good is not null && total is not null
            ? new SloDefinition(name, objective, window, provider, good, total, policy) { Location = new((int)node.Start.Line, (int)node.Start.Column) }
            : null;
    }

    /// <summary>The objective as a share: <c>99.9%</c> or <c>0.999</c>; strictly between 0 and 1 so a budget exists.</summary>
    private double ReadObjective(Fields fields, string path, ref bool ok)
    {
        var objectivePath = Join(path, "objective");
        if (Required(fields, "objective") is not { } node || Scalar(node, objectivePath) is not { } text)
        {
            ok = false;
            return 0;
        }
        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        // Decimal arithmetic, so 99.9% is exactly the double 0.999 rather than 0.99900000000000011.
        if (!decimal.TryParse(percent ? trimmed[..^1] : trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Error(node, objectivePath, $"expected a share such as 99.9% or 0.999, found '{text}'");
            ok = false;
            return 0;
        }
        var share = (double)(percent ? value / 100 : value);
        if (!(share > 0 && share < 1))
        {
            Error(node, objectivePath, $"an objective lies strictly between 0 and 100% (100% leaves no error budget), found '{text}'");
            ok = false;
            return 0;
        }
        return share;
    }

    /// <summary>A window: a template duration (<c>1h</c>, <c>90m</c>) or whole days (<c>30d</c>), at least a minute.</summary>
    private bool ReadWindow(YamlNode node, string path, out TimeSpan window)
    {
        window = TimeSpan.Zero;
        if (Scalar(node, path) is not { } text)
        {
            return false;
        }
        if (Days().Match(text.Trim()) is { Success: true } days)
        {
            window = TimeSpan.FromDays(int.Parse(days.Groups["d"].Value, CultureInfo.InvariantCulture));
        }
        else if (!Durations.TryParse(text, out window))
        {
            Error(node, path, $"expected a duration such as 30d, 6h or 5m, found '{text}'");
            return false;
        }
        if (window < TimeSpan.FromSeconds(1) || window > Durations.MaxValue)
        {
            Error(node, path, $"a window lies between 1s and 366d, found '{text}'");
            return false;
        }
        return true;
    }

    private bool ReadBurnRatePolicy(YamlNode node, string path, TimeSpan sloWindow, out BurnRatePolicy policy)
    {
        policy = BurnRatePolicy.Default;
        if (Mapping(node, path, "a mapping such as '{ shortWindow: 1h, longWindow: 6h, pauseAbove: 2, pauseAboveLong: 1 }'") is not { } map)
        {
            return false;
        }
        var fields = ReadFields(map, path, BurnRateKeys);
        var ok = fields.Entries.Count == map.Children.Count;
        var shortWindow = policy.ShortWindow;
        var longWindow = policy.LongWindow;
        var pauseAbove = policy.PauseAbove;
        if (fields.Get("shortWindow") is { } shortNode)
        {
            ok &= ReadWindow(shortNode, Join(path, "shortWindow"), out shortWindow);
        }
        if (fields.Get("longWindow") is { } longNode)
        {
            ok &= ReadWindow(longNode, Join(path, "longWindow"), out longWindow);
        }
        if (fields.Get("pauseAbove") is { } pauseNode)
        {
            ok &= ReadBurn(pauseNode, Join(path, "pauseAbove"), out pauseAbove);
        }
        double? pauseAboveLong = null;
        if (fields.Get("pauseAboveLong") is { } longPauseNode && !IsNull(longPauseNode))
        {
            ok &= ReadBurn(longPauseNode, Join(path, "pauseAboveLong"), out var longBurn);
            pauseAboveLong = longBurn;
            if (ok && longBurn >= pauseAbove)
            {
                // Both windows above it means the short one is above pauseAbove too: the rule could never pause first.
                Error(longPauseNode, Join(path, "pauseAboveLong"), $"pauseAboveLong ({longBurn.ToString(CultureInfo.InvariantCulture)}) must be below pauseAbove ({pauseAbove.ToString(CultureInfo.InvariantCulture)}): the long-window rule pauses on a slower burn than the short-window one");
                ok = false;
            }
        }
        if (ok && longWindow < shortWindow)
        {
            Error(fields.Get("longWindow") ?? map, Join(path, "longWindow"), $"the long window ({Durations.Format(longWindow)}) is shorter than the short window ({Durations.Format(shortWindow)})");
            ok = false;
        }
        if (ok && longWindow > sloWindow)
        {
            Error(fields.Get("longWindow") ?? map, Join(path, "longWindow"), $"the long window ({Durations.Format(longWindow)}) is longer than the SLO's window ({Durations.Format(sloWindow)})");
            ok = false;
        }
        policy = new BurnRatePolicy(shortWindow, longWindow, pauseAbove, pauseAboveLong);
        return ok;
    }

    /// <summary>A burn rate above 0: <c>2</c>, <c>14.4</c>, <c>2x</c> or <c>2×</c>.</summary>
    private bool ReadBurn(YamlNode node, string path, out double burn)
    {
        burn = 0;
        if (Scalar(node, path) is not { } text)
        {
            return false;
        }
        var trimmed = text.Trim().TrimEnd('x', '×');
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out burn) || !(burn > 0) || double.IsInfinity(burn))
        {
            Error(node, path, $"expected a burn rate above 0 such as 2 or 14.4, found '{text}'");
            return false;
        }
        return true;
    }
}

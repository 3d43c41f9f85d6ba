using System.Globalization;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Templates;

internal enum FieldKind
{
    Int,
    Number,
    Duration,
    Text,
}

/// <summary>
/// What a step value must be once its placeholders are substituted. Shared by the parser (fixed values, defaults of
/// parameters used whole) and the compiler (values given for a release), so both say the same thing.
/// </summary>
internal sealed record FieldSpec(FieldKind Kind, double? Min = null, double? Max = null, bool Positive = false)
{
    public static readonly FieldSpec Weight = new(FieldKind.Int, 0, 100);
    public static readonly FieldSpec Count = new(FieldKind.Int, 1, int.MaxValue);
    public static readonly FieldSpec FailureLimit = new(FieldKind.Int, 0, int.MaxValue);
    public static readonly FieldSpec MinSampleSize = new(FieldKind.Int, 0);
    public static readonly FieldSpec ConsecutiveFailureLimit = new(FieldKind.Int, 1, int.MaxValue);
    public static readonly FieldSpec InconclusiveLimit = new(FieldKind.Int, 0, int.MaxValue);
    public static readonly FieldSpec Margin = new(FieldKind.Number, 0, 1);
    public static readonly FieldSpec Alpha = new(FieldKind.Number, 0.0001, 0.5);
    public static readonly FieldSpec Threshold = new(FieldKind.Number);
    public static readonly FieldSpec Interval = new(FieldKind.Duration, Positive: true);
    public static readonly FieldSpec PauseDuration = new(FieldKind.Duration);
    public static readonly FieldSpec Text = new(FieldKind.Text);

    /// <summary>Whether a parameter of <paramref name="type"/> used as the whole value can ever fit this field.</summary>
    public bool Accepts(ParameterType type) => Kind switch
    {
        FieldKind.Int or FieldKind.Number => type is ParameterType.Int or ParameterType.Number or ParameterType.String or ParameterType.Choice,
        FieldKind.Duration => type is ParameterType.Duration or ParameterType.String or ParameterType.Choice,
        _ => true,
    };

    public string Expected => Kind switch
    {
        FieldKind.Int => "a whole number",
        FieldKind.Number => "a number",
        FieldKind.Duration => "a duration like 500ms, 30s, 5m or 1h30m",
        _ => "text",
    };

    /// <summary>Converts a raw text or a typed parameter value to this field's type (long, double, TimeSpan or string) and checks its range.</summary>
    public bool TryConvert(object value, out object result, out string error)
    {
        result = value;
        error = "";
        var converted = Kind switch
        {
            FieldKind.Int => ToInt(value),
            FieldKind.Number => ToNumber(value),
            FieldKind.Duration => ToDuration(value),
            _ => ParameterValues.Format(value),
        };
        if (converted is null)
        {
            error = $"expected {Expected}, found {Show(value)}";
            return false;
        }
        result = converted;
        return CheckRange(converted, out error);
    }

    private bool CheckRange(object value, out string error)
    {
        error = "";
        switch (value)
        {
            case string text when text.Trim().Length == 0:
                error = "must not be empty";
                return false;
            case TimeSpan duration when Positive && duration <= TimeSpan.Zero:
                error = $"must be longer than 0, found {Show(value)}";
                return false;
            case long or double:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if ((Min is { } min && number < min) || (Max is { } max && number > max))
                {
                    error = (Min, Max) switch
                    {
                        ({ } low, { } high) when high < int.MaxValue => $"must be between {Fmt(low)} and {Fmt(high)}, found {Show(value)}",
                        ({ } low, _) when number < low => $"must be at least {Fmt(low)}, found {Show(value)}",
                        _ => $"must be at most {Fmt(Max!.Value)}, found {Show(value)}",
                    };
                    return false;
                }
                return true;
            default:
                return true;
        }
    }

    private static object? ToInt(object value) => value switch
    {
        long whole => whole,
        double d when d == Math.Floor(d) && SaneNumbers.IsSane(d) => (long)d,
        string text when ParameterValues.TryParseInt(text, out var whole) => whole,
        _ => null,
    };

    private static object? ToNumber(object value) => value switch
    {
        long whole => (double)whole,
        double d => d,
        string text when ParameterValues.TryParseNumber(text, out var number) => number,
        _ => null,
    };

    private static object? ToDuration(object value) => value switch
    {
        TimeSpan duration => duration,
        string text when Durations.TryParse(text, out var duration) => duration,
        _ => null,
    };

    private static string Show(object value) => value is string text ? $"'{Excerpt.Of(text)}'" : ParameterValues.Format(value);

    private static string Fmt(double value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;

namespace PortalRelease.Portal.Input;

/// <summary>
/// The range every number a client hands the portal must fall in, whatever field it is: finite and at most 1e15 in
/// magnitude (every whole number up to it is exact in a double). A <c>1e308</c> setting overflowed a TimeSpan inside a
/// release runner; fields then apply their own, tighter ranges.
/// </summary>
public static class SaneNumbers
{
    public const double MaxMagnitude = 1e15;

    public const string Problem = "Numbers must be finite and between -1e15 and 1e15.";

    public static bool IsSane(double value) => double.IsFinite(value) && Math.Abs(value) <= MaxMagnitude;

    public static bool IsSane(JsonElement number) => number.TryGetDouble(out var value) && IsSane(value);

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

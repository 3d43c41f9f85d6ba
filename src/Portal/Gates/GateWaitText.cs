using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Slos;

namespace PortalRelease.Portal.Gates;

/// <summary>A release's gate wait as one line of "what is it doing now", in the words of the gate it waits for.</summary>
public static class GateWaitText
{
    /// <summary>
    /// <c>waiting for the production window, opens Mon 09:00 UTC</c>; <c>waiting for the production window: frozen until …</c>
    /// during a calendar freeze; <c>waiting for the error-budget gate: error budget of checkout spent (−12 %)</c>.
    /// </summary>
    public static string Now(WindowWaiting wait, GateConfig gates, DateTimeOffset now)
    {
        if (SloText.IsFrozen(wait.Reason))
        {
            return $"waiting for the error-budget gate: {wait.Reason[FrozenWord.Length..]}";
        }
        var window = $"waiting for the {wait.Environment} window";
        if (wait.Reason.StartsWith(WaitingWord, StringComparison.Ordinal) && wait.OpensAt is { } opens)
        {
            // The calendar in force names the time in its zone; the journaled reason keeps the words of when it was written.
            var when = gates.Calendar(wait.Environment) is { } calendar ? calendar.Show(opens, now) : wait.Reason[WaitingWord.Length..];
            return $"{window}, opens {when}";
        }
        return $"{window}: {wait.Reason}";
    }

    private const string FrozenWord = "frozen: ";

    private const string WaitingWord = DeploymentCalendar.WaitingPrefix;
}

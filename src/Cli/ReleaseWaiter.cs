using System.Text.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>
/// Follows a release's journal, one progress line per event, until it settles or the timeout comes. The journal says
/// when the state changed; the release itself says whether that state is final (a failed release being rolled back
/// reads RollingBack, not Failed), so the outcome is never taken from an event alone.
/// </summary>
public static class ReleaseWaiter
{
    /// <summary>
    /// Follows release <paramref name="id"/> from the event after <paramref name="afterSeq"/> (0: its first);
    /// <paramref name="onEvent"/>, when given, sees every event it follows (<c>release watch --output json</c> writes each
    /// as a JSON line) besides the progress lines.
    /// </summary>
    public static async Task<(ReleaseView Release, int ExitCode)> WaitAsync(
        PortalClient client, string id, TimeSpan timeout, CliConsole progress, Action<ReleaseEvent>? onEvent, CancellationToken cancellationToken, long afterSeq = 0)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var lines = new EventLines();
        try
        {
            await foreach (var e in client.WatchAsync(id, afterSeq, linked.Token))
            {
                onEvent?.Invoke(e);
                if (lines.Describe(e) is var (text, style))
                {
                    progress.Line(text, style);
                }
                if (e.Type == "StateChanged" && e.Data.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String
                    && ReleaseStates.IsFinal(to.GetString()!))
                {
                    // These reads sit outside the watch's own retry: a 503 right after promotion must cost a retry
                    // (bounded by the deadline), not exit 3.
                    var release = await client.RetryTransientAsync(token => client.GetReleaseAsync(id, token), linked.Token);
                    if (release.IsFinal)
                    {
                        // Events written with the final state (the verdict, the rollback) are told before the outcome.
                        var tail = await client.RetryTransientAsync(token => client.GetEventsAsync(id, e.Seq, token), linked.Token);
                        foreach (var rest in tail)
                        {
                            if (rest.Seq > release.LastSeq)
                            {
                                continue;
                            }
                            onEvent?.Invoke(rest);
                            if (lines.Describe(rest) is var (restText, restStyle))
                            {
                                progress.Line(restText, restStyle);
                            }
                        }
                        return Settled(release, progress);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The timeout came: below, what the release waits for now.
        }
        var now = await client.GetReleaseAsync(id, cancellationToken);
        if (now.IsFinal)
        {
            return Settled(now, progress);
        }
        var waiting = now.SubState ?? (now.Paused ? $"paused: {now.PauseReason}" : now.CurrentStepDescription);
        progress.Line($"timed out after {timeout}: the release is still {now.State}{(waiting is null ? "" : $" ({waiting})")}; it goes on without this command.", "yellow");
        return (now, ExitCodes.StillWaiting);
    }

    private static (ReleaseView, int) Settled(ReleaseView release, CliConsole progress)
    {
        var code = ExitCodes.ForState(release.State);
        progress.Line($"{release.State}{(release.Reason is { } reason ? ": " + reason : "")} (exit {code})", code == 0 ? "bold green" : "bold red");
        return (release, code);
    }
}

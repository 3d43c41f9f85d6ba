using PortalRelease.Portal.Targets;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// Calls into plugin code with a timeout, turning every way a driver can fail (throwing anything, hanging)
/// into a message for the journal; a misbehaving plugin fails its step, never the portal.
/// </summary>
public static class DriverCall
{
    public static async Task<(T? Result, string? Error)> RunAsync<T>(
        Func<CancellationToken, Task<T>> call, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            // Task.Run: a driver that blocks synchronously must not block the runner past its timeout.
            var task = Task.Run(() => call(cts.Token), cts.Token);
            return (await task.WaitAsync(cts.Token), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (default, $"{what} timed out after {timeout.TotalSeconds:0.#} s.");
        }
        catch (DriverException error)
        {
            return (default, KnownSecrets.Redact($"{what} failed: {error.Message}"));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return (default, KnownSecrets.Redact($"{what} failed: the plugin threw {error.GetType().Name}: {error.Message}"));
        }
    }
}

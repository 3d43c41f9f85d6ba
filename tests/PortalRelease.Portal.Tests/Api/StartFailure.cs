using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>
/// Starts a portal that is expected to refuse to start, and returns why. WebApplicationFactory races the app's own
/// clean-up when start fails: the entry point's <c>RunAsync</c> disposes the host while the factory's deferred host
/// still reads <c>host.Services</c> to wait for "started", so the test thread sometimes sees an
/// <see cref="ObjectDisposedException"/> in place of the real error (CI saw it once in about a thousand starts). When
/// that, and only that, hides the error, start again with a fresh portal.
/// </summary>
internal static class StartFailure
{
    private const int Attempts = 10;

    /// <summary>Runs <paramref name="start"/> (create, start and dispose a portal) and returns the error it failed with.</summary>
    public static async Task<Exception> OfAsync(Func<Task> start)
    {
        Exception? hidden = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            try
            {
                await start();
            }
            catch (Exception error) when (IsDisposedHostRace(error))
            {
                hidden = error;
                continue;
            }
            catch (Exception error)
            {
                return error;
            }

            throw new Xunit.Sdk.XunitException("Expected the portal to refuse to start, but it started.");
        }

        throw new Xunit.Sdk.XunitException($"Every one of {Attempts} starts lost the real error to the disposed host: {hidden}");
    }

    /// <summary>The same, for a portal that must fail on options validation; returns the validation message.</summary>
    public static async Task<string> ValidationOfAsync(Func<Task> start)
    {
        var error = await OfAsync(start);
        var validation = Find(error);
        Assert.True(validation is not null, $"Expected the start to fail on options validation, got {error}");
        return validation.Message;
    }

    public static OptionsValidationException? Find(Exception? error) => error switch
    {
        null => null,
        OptionsValidationException found => found,
        AggregateException many => many.InnerExceptions.Select(Find).FirstOrDefault(e => e is not null),
        _ => Find(error.InnerException),
    };

    private static bool IsDisposedHostRace(Exception error) =>
        error is ObjectDisposedException { ObjectName: "IServiceProvider" } disposed
        && disposed.StackTrace?.Contains("DeferredHost", StringComparison.Ordinal) == true;
}

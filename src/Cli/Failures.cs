using System.Net;
using PortalRelease.Client;

namespace PortalRelease.Cli;

/// <summary>Turns what went wrong into a message on standard error and an exit code of the contract.</summary>
public static class Failures
{
    /// <summary>The exit code for <paramref name="error"/>, or null when it is not an error this CLI explains (a bug: let it surface).</summary>
    public static int? Report(Exception error, CliConsole console, Uri? portal, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case PortalApiException api when api.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                console.Error.WriteLine($"error: not authorised by {portal}: {api.Message}");
                console.Error.WriteLine("Send an API token with --token or PORTAL_TOKEN (create one on the portal's API tokens page).");
                return ExitCodes.Unreachable;
            case PortalApiException api when (int)api.Status >= 500:
                console.Error.WriteLine($"error: the portal failed: {api.Message}");
                return ExitCodes.Unreachable;
            case PortalApiException api:
                console.Error.WriteLine($"error: {api.Problem?.Title ?? "the request was refused."} ({(int)api.Status})");
                if (api.FieldErrors.Count == 0)
                {
                    console.Error.WriteLine($"  {api.Problem?.Detail ?? api.Message}");
                }
                foreach (var (field, messages) in api.FieldErrors)
                {
                    foreach (var message in messages)
                    {
                        console.Error.WriteLine($"  {field}: {message}");
                    }
                }
                return ExitCodes.BadInput;
            case HttpRequestException http:
                console.Error.WriteLine($"error: cannot reach the portal at {portal}: {http.Message}");
                return ExitCodes.Unreachable;
            case TaskCanceledException when !cancellationToken.IsCancellationRequested:
                console.Error.WriteLine($"error: the portal at {portal} did not answer in time.");
                return ExitCodes.Unreachable;
            default:
                return null;
        }
    }
}

using System.Net;
using System.Text.Json;
using PortalRelease.Client;

namespace PortalRelease.Cli;

/// <summary>
/// Turns what went wrong into a message on standard error and an exit code of the contract. Every message is one line
/// of safe text (<see cref="CliConsole.ErrorLine"/>): the portal's words may hold anything.
/// </summary>
public static class Failures
{
    /// <summary>
    /// The exit code for <paramref name="error"/>, or null only for the caller's own cancellation (Ctrl+C, a CI cancel),
    /// which System.CommandLine turns into 130 (SIGINT) or 143 (SIGTERM). Nothing else may reach its default handler:
    /// that prints a stack trace and exits 1, a code the contract does not have.
    /// </summary>
    public static int? Report(Exception error, CliConsole console, Uri? portal, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case PortalApiException api when api.Status is HttpStatusCode.Unauthorized:
                console.ErrorLine($"error: not authorised by {portal}: {api.Message}");
                console.ErrorLine("Send an API token with --token or PORTAL_TOKEN (create one on the portal's API tokens page).");
                return ExitCodes.Unreachable;
            case PortalApiException api when api.Status is HttpStatusCode.Forbidden:
                // The token was accepted: sending one again changes nothing, its role or scope must.
                console.ErrorLine($"error: forbidden by {portal}: {api.Message}");
                console.ErrorLine("The token may not do this: ask for a role or scope that allows it (the portal's API tokens page).");
                return ExitCodes.Unreachable;
            case PortalApiException api when (int)api.Status >= 500 || api.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout:
                // Overload and timeouts pass: 3 says a retry with the same idempotency key is safe, 2 would say fix the job.
                console.ErrorLine($"error: the portal failed or is busy: {api.Message}");
                return ExitCodes.Unreachable;
            case PortalApiException api when api.Problem is null && (int)api.Status is >= 200 and < 300:
                // A 2xx without the body the contract promises (an empty body): the answer's shape, not the request, is wrong.
                console.ErrorLine($"error: cannot read the portal's answer: {api.Message}");
                return ExitCodes.Unreachable;
            case PortalApiException api:
                console.ErrorLine($"error: {api.Problem?.Title ?? "the request was refused."} ({(int)api.Status})");
                if (api.FieldErrors.Count == 0)
                {
                    console.ErrorLine($"  {api.Problem?.Detail ?? api.Message}");
                }
                foreach (var (field, messages) in api.FieldErrors)
                {
                    foreach (var message in messages)
                    {
                        console.ErrorLine($"  {field}: {message}");
                    }
                }
                return ExitCodes.BadInput;
            case HttpRequestException or IOException:
                // IOException: HttpIOException and its kin (a connection cut while reading a body).
                console.ErrorLine($"error: cannot reach the portal at {portal}: {error.Message}");
                return ExitCodes.Unreachable;
            case OperationCanceledException:
                console.ErrorLine($"error: the portal at {portal} did not answer in time.");
                return ExitCodes.Unreachable;
            case JsonException or FormatException or InvalidOperationException or NotSupportedException or NullReferenceException or KeyNotFoundException:
                // The answer is not what the contract describes (a proxy's HTML page served with 200, a field missing or
                // of another type): retrying may reach the real portal, so 3, with one line and no stack trace.
                console.ErrorLine($"error: cannot read the portal's answer from {portal} ({error.GetType().Name}): {FirstLine(error.Message)}");
                return ExitCodes.Unreachable;
            default:
                console.ErrorLine($"error: unexpected {error.GetType().Name} talking to {portal}: {FirstLine(error.Message)}");
                return ExitCodes.Unreachable;
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}

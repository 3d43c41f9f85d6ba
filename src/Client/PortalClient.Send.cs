using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    private const int MaxErrorBodyChars = 8 * 1024;

    /// <summary>Sends <paramref name="message"/> for an answer without a body (204): only its status matters.</summary>
    private async Task SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(message, response, cancellationToken);
        }
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(message, response, cancellationToken);
        }
        return await response.Content.ReadFromJsonAsync<T>(ContractJson.Options, cancellationToken)
            ?? throw new PortalApiException(response.StatusCode, null, $"{message.Method} {message.RequestUri} answered {(int)response.StatusCode} with an empty body.");
    }

    private static async Task<PortalApiException> ErrorAsync(HttpRequestMessage message, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await BoundedBodyAsync(response.Content, MaxErrorBodyChars, cancellationToken);
        ApiProblem? problem = null;
        IReadOnlyList<TargetErrorView> placed = [];
        try
        {
            problem = body.Length == 0 ? null : JsonSerializer.Deserialize<ApiProblem>(body, ContractJson.Options);
        }
        catch (JsonException)
        {
            // Not a per-field map: a target's 400 lists its errors by place. Otherwise not problem+json at all (a proxy's
            // error page, say): the status and the text below still say what happened.
            (problem, placed) = PlacedProblem(body);
        }
        // A 401 says why in its challenge (a token unknown, expired or revoked), not in its body.
        var what = (response.StatusCode == HttpStatusCode.Unauthorized ? Challenge(response) : null)
            ?? problem?.Detail ?? problem?.Title
            ?? (body.Length > 0 ? body[..Math.Min(body.Length, 300)] : response.ReasonPhrase);
        return new PortalApiException(response.StatusCode, problem, $"{message.Method} {message.RequestUri}: {(int)response.StatusCode} {what}")
        {
            TargetErrors = placed,
        };
    }

    /// <summary>A problem whose <c>errors</c> are a list of places (<see cref="TargetProblem"/>), or nothing when the body is not one.</summary>
    private static (ApiProblem? Problem, IReadOnlyList<TargetErrorView> Errors) PlacedProblem(string body)
    {
        try
        {
            if (JsonSerializer.Deserialize<TargetProblem>(body, ContractJson.Options) is { } rejected)
            {
                var problem = new ApiProblem { Type = rejected.Type, Title = rejected.Title, Status = rejected.Status, Detail = rejected.Detail };
                return (problem, rejected.Errors?.Where(e => e is not null).ToList() ?? []);
            }
        }
        catch (JsonException)
        {
            // Neither shape: the caller shows the text.
        }
        return (null, []);
    }

    /// <summary>
    /// At most <paramref name="maxChars"/> of an error's body (<see cref="MaxErrorBodyChars"/>: enough for any
    /// problem+json), while a server answering an error with megabytes (or without end) costs nothing more. A cut body
    /// is not JSON: its text is still shown.
    /// </summary>
    private static async Task<string> BoundedBodyAsync(HttpContent content, int maxChars, CancellationToken cancellationToken)
    {
        using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        var buffer = new char[maxChars];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return new string(buffer, 0, read);
    }

    /// <summary>A 401's reason is in its <c>WWW-Authenticate</c> header (RFC 6750), not its body.</summary>
    private static string Challenge(HttpResponseMessage response)
    {
        var challenge = response.Headers.WwwAuthenticate.ToString();
        return challenge.Length == 0 ? "not authorised: send an API token." : $"not authorised ({challenge}).";
    }
}

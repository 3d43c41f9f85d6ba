using System.Net.Http.Headers;
using System.Text;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><paramref name="path"/> with the query parameters that have a value (a null one is left out: the portal's default applies).</summary>
    private static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }
            query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return path + query;
    }

    /// <summary>A text answer (a CSV download) read whole; errors as for JSON answers.</summary>
    private async Task<string> SendForTextAsync(HttpRequestMessage message, string mediaType, CancellationToken cancellationToken)
    {
        message.Headers.Accept.Clear();
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        // Problems are JSON: accept them too, so an error is still described.
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json", 0.5));
        using var response = await _http.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(message, response, cancellationToken);
        }
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}

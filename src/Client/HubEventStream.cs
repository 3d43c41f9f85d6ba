using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

/// <summary>
/// One connection to the portal's hub streaming one release's events after a sequence number. It tells apart a
/// connection that was lost (a restart, a network fault, a frozen server: <see cref="NextAsync"/> ends and the caller
/// connects again) from a refusal that connecting again cannot change (<see cref="Refusal"/>).
/// </summary>
internal sealed class HubEventStream(PortalClient client, string releaseId, long afterSeq) : IAsyncDisposable
{
    private HubConnection? _connection;
    private IAsyncEnumerator<ReleaseEvent>? _events;

    /// <summary>Why the portal would not stream the release (no such release, no right to it, a token refused), when it would not.</summary>
    public Exception? Refusal { get; private set; }

    /// <summary>The next event, or null once this connection is over (lost, or refused: see <see cref="Refusal"/>).</summary>
    public async Task<ReleaseEvent?> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_events is null)
            {
                _connection = client.BuildHubConnection();
                await _connection.StartAsync(cancellationToken);
                _events = _connection.StreamAsync<ReleaseEvent>("Events", releaseId, afterSeq, cancellationToken).GetAsyncEnumerator(cancellationToken);
            }
            return await _events.MoveNextAsync() ? _events.Current : null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error) when (IsRefusal(error))
        {
            Refusal = error;
            return null;
        }
        catch (Exception)
        {
            // Lost: the connection closed under the stream, the negotiation failed on the network or with a 5xx, the
            // server stopped answering its keep-alives. The caller connects again and resumes where it was.
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_events is not null)
            {
                await _events.DisposeAsync();
            }
        }
        catch (Exception)
        {
            // Ending the stream of a connection that is already gone can fail; there is nothing left to end.
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Refusals: the hub's own error (the only kind SignalR passes on as written), an HTTP answer that retrying cannot
    /// change (401, 403, 404, …; not 408 or 429), and a server that speaks something other than the hub's JSON.
    /// </summary>
    private static bool IsRefusal(Exception error) => error switch
    {
        HubException => true,
        HttpRequestException { StatusCode: { } status } => (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests),
        JsonException or InvalidDataException => true,
        _ => false,
    };
}

using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

/// <summary>
/// One connection to the portal's hub streaming one release's events after a sequence number. It tells apart a
/// connection that was lost (a restart, a network fault, a frozen server, a hub error: <see cref="NextAsync"/> ends and
/// the caller connects again) from one the portal may have refused (<see cref="Refusal"/>: the caller asks the REST API
/// whether it really does).
/// </summary>
/// <remarks>
/// The SignalR client queues a stream's items without bound while its receive loop drains the socket, so a slow reader
/// (a blocked standard output in CI) or a server that sends without end would grow memory. A pump moves them into a
/// bounded buffer instead; when it is full the stream is ended, which tells the server to stop, and the caller resumes
/// from the last sequence number it yielded once it has caught up: nothing is lost, since the journal is the source.
/// </remarks>
internal sealed class HubEventStream(PortalClient client, string releaseId, long afterSeq) : IAsyncDisposable
{
    /// <summary>The most events held for the reader at once.</summary>
    public const int BufferSize = 1000;

    private readonly Channel<ReleaseEvent> _buffer = Channel.CreateBounded<ReleaseEvent>(new BoundedChannelOptions(BufferSize) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private HubConnection? _connection;
    private Task? _pump;

    /// <summary>What the hub answered that the portal may mean as a refusal (no such release, no right to it, a token refused).</summary>
    public Exception? Refusal { get; private set; }

    /// <summary>The next event, or null once this connection is over (lost, or refused: see <see cref="Refusal"/>).</summary>
    public async Task<ReleaseEvent?> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_pump is null)
            {
                _connection = client.BuildHubConnection();
                await _connection.StartAsync(cancellationToken);
                _pump = PumpAsync(_connection, _stop.Token);
            }
            while (await _buffer.Reader.WaitToReadAsync(cancellationToken))
            {
                if (_buffer.Reader.TryRead(out var e))
                {
                    return e;
                }
            }
            // The pump completed the buffer: with its error, or without one when the stream ended or overflowed.
            await _buffer.Reader.Completion;
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error) when (_pump is null || MayBeRefusal(error))
        {
            // A connection that could not be made at all (a WebSocket handshake answered 401, say) is checked as well.
            Refusal = error;
            return null;
        }
        catch (Exception)
        {
            // Lost: the connection closed under the stream, or the server stopped answering its keep-alives. The caller
            // connects again and resumes where it was.
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_pump is not null)
        {
            // The pump never throws: its errors complete the buffer.
            await _pump;
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _stop.Dispose();
    }

    private async Task PumpAsync(HubConnection connection, CancellationToken stop)
    {
        try
        {
            await foreach (var e in connection.StreamAsync<ReleaseEvent>("Events", releaseId, afterSeq, stop))
            {
                if (!_buffer.Writer.TryWrite(e))
                {
                    // Full: leaving the loop ends the stream (the server stops sending); the reader drains what is here.
                    break;
                }
            }
            _buffer.Writer.TryComplete();
        }
        catch (Exception error)
        {
            _buffer.Writer.TryComplete(stop.IsCancellationRequested ? null : error);
        }
    }

    /// <summary>
    /// What may be a refusal, to be checked against the REST API: the hub's own error (SignalR passes on only its
    /// words, and raises the same type for a hub method that failed on a database blip), an HTTP answer that retrying
    /// cannot change (401, 403, 404, …; not 408 or 429), and a server that answers something other than the hub's JSON.
    /// </summary>
    private static bool MayBeRefusal(Exception error) => error switch
    {
        HubException or JsonException => true,
        HttpRequestException { StatusCode: { } status } => (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests),
        _ => false,
    };
}

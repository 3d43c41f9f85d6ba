using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortalRelease.Cli.Tests;

/// <summary>A loopback server that reads each request's head (recorded) and answers as told, one connection at a time.</summary>
internal sealed class RawServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<string> _requests = [];
    private readonly CancellationTokenSource _stop = new();

    public RawServer(Func<string, NetworkStream, Task> answer)
    {
        _listener.Start();
        _ = Task.Run(() => AcceptAsync(answer));
    }

    /// <summary>Writes <paramref name="head"/> (and any body in it) and, with <paramref name="close"/>, ends the answer.</summary>
    public static async Task AnswerAsync(NetworkStream stream, string head, bool close = true)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (close)
        {
            stream.Socket.Shutdown(SocketShutdown.Send);
        }
    }

    /// <summary>Answers <paramref name="status"/> with <paramref name="json"/> (UTF-8) and ends the answer.</summary>
    public static async Task JsonAsync(NetworkStream stream, string status, string json, string? extraHeaders = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n{extraHeaders}Connection: close\r\n\r\n"));
        await stream.WriteAsync(body);
        stream.Socket.Shutdown(SocketShutdown.Send);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    private async Task AcceptAsync(Func<string, NetworkStream, Task> answer)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            using (client)
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                lock (_requests)
                {
                    _requests.Add(head);
                }
                await answer(head, stream);
            }
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16_384 && await stream.ReadAsync(buffer) == 1)
        {
            head.Append((char)buffer[0]);
        }
        return head.ToString();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}

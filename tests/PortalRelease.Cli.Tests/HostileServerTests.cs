using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace PortalRelease.Cli.Tests;

/// <summary>
/// The tool talks to whatever <c>--url</c> names: a server that answers without end must not make it buffer without end,
/// and a redirect elsewhere must not carry the token along.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class HostileServerTests(CliFixture portal)
{
    private const long EndlessBytes = 64L * 1024 * 1024;

    [Fact]
    public async Task ReleaseStart_ServerAnswersWithoutEnd_ExitsThreeWithoutReadingItAll()
    {
        var sent = new StrongBox<long>();
        using var server = new RawServer((_, stream) => EndlessAsync(stream, sent));

        var run = await portal.PortalAsync("release", "start", "quick-canary", "--version", "5.0.0", "--url", server.Url, "--token", "prt_secret-token");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        // The client gave up well before the server's 64 MB were sent.
        Assert.True(Interlocked.Read(ref sent.Value) < EndlessBytes, $"the server sent {sent.Value} bytes");
    }

    [Fact]
    public async Task ReleaseStart_RedirectedToAnotherServer_TheTokenStaysBehind()
    {
        using var elsewhere = new RawServer((_, stream) => AnswerAsync(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        using var server = new RawServer((_, stream) => AnswerAsync(stream,
            $"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://localhost:{elsewhere.Port}/api/releases\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));

        var run = await portal.PortalAsync("release", "start", "quick-canary", "--version", "5.0.1", "--url", server.Url, "--token", "prt_secret-token");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Bearer prt_secret-token", Assert.Single(server.Requests), StringComparison.Ordinal);
        Assert.All(elsewhere.Requests, request => Assert.DoesNotContain("prt_secret-token", request, StringComparison.Ordinal));
        Assert.DoesNotContain("prt_secret-token", run.Output + run.Error, StringComparison.Ordinal);
    }

    private static async Task EndlessAsync(NetworkStream stream, StrongBox<long> sent)
    {
        await AnswerAsync(stream, $"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {EndlessBytes}\r\n\r\n", close: false);
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        try
        {
            for (long written = 0; written < EndlessBytes; written += chunk.Length)
            {
                await stream.WriteAsync(chunk);
                Interlocked.Add(ref sent.Value, chunk.Length);
            }
        }
        catch (IOException)
        {
            // The client hung up: what it should do.
        }
    }

    private static Task AnswerAsync(NetworkStream stream, string head, bool close = true) => RawServer.AnswerAsync(stream, head, close);
}

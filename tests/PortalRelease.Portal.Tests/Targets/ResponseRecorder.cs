using System.Collections.Concurrent;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>Keeps the text of every API response (and its headers) the test client receives.</summary>
internal sealed class ResponseRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<string> _bodies = new();

    public IReadOnlyCollection<string> Bodies => _bodies;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        _bodies.Enqueue($"{request.Method} {request.RequestUri} -> {(int)response.StatusCode} {response.Headers} {response.Content.Headers} {body}");
        return response;
    }
}

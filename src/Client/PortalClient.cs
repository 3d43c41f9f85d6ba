using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

/// <summary>
/// The portal's REST API, typed. Authenticates with an API token (<c>Authorization: Bearer prt_…</c>); every answer
/// other than 2xx becomes a <see cref="PortalApiException"/>. Connection failures stay <see cref="HttpRequestException"/>.
/// </summary>
public sealed partial class PortalClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client with its own <see cref="HttpClient"/> for <paramref name="baseAddress"/>, sending <paramref name="token"/> when given.</summary>
    public PortalClient(Uri baseAddress, string? token = null, TimeSpan? requestTimeout = null)
        : this(new HttpClient
        {
            BaseAddress = baseAddress,
            Timeout = requestTimeout ?? TimeSpan.FromSeconds(30),
            // A hostile or broken server must not make the client buffer without end; the largest real answer (a
            // release's whole journal) is far below this.
            MaxResponseContentBufferSize = MaxResponseBytes,
        }, token)
    {
        _ownsHttp = true;
    }

    /// <summary>A client over <paramref name="http"/> (its <c>BaseAddress</c> is the portal's root), which the caller keeps owning.</summary>
    public PortalClient(HttpClient http, string? token = null)
    {
        _http = http;
        Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }

    /// <summary>The most an answer of the portal may hold, buffered, on the client's own <see cref="HttpClient"/>.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>The first wait after the portal could not be reached (it doubles up to <see cref="MaxRetryDelay"/>).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts while the portal cannot be reached.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// For a portal reached through an in-memory handler (ASP.NET Core's <c>TestServer</c>): makes each hub connection
    /// of <see cref="WatchAsync"/> through a handler from this factory, over long polling, since WebSockets never go
    /// through a handler. Leave it null for a portal on the network.
    /// </summary>
    public Func<HttpMessageHandler>? HubHandler { get; init; }

    /// <summary>The portal's root address.</summary>
    public Uri? BaseAddress => _http.BaseAddress;

    private string? Token { get; }

    /// <summary>
    /// <c>POST /api/releases</c>: starts a release. With <paramref name="idempotencyKey"/>, sending the same request again
    /// answers the first release instead of starting a second one (a CI job's retry is safe).
    /// </summary>
    public async Task<CreateReleaseResponse> CreateReleaseAsync(CreateReleaseRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, "api/releases");
        message.Content = JsonContent.Create(request, options: ContractJson.Options);
        if (idempotencyKey is not null)
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
        return await SendAsync<CreateReleaseResponse>(message, cancellationToken);
    }

    /// <summary><c>GET /api/releases/{id}</c>: the release now, with its plan.</summary>
    public async Task<ReleaseView> GetReleaseAsync(string id, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, $"api/releases/{Uri.EscapeDataString(id)}");
        return await SendAsync<ReleaseView>(message, cancellationToken);
    }

    /// <summary>The release's journal events after sequence number <paramref name="afterSeq"/> (0: from the start), in order.</summary>
    public async Task<IReadOnlyList<ReleaseEvent>> GetEventsAsync(string id, long afterSeq = 0, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, $"api/releases/{Uri.EscapeDataString(id)}/events?after={afterSeq}");
        return await SendAsync<List<ReleaseEvent>>(message, cancellationToken);
    }

    /// <summary>The release page in the portal's UI, for a pipeline's log or a chat message.</summary>
    public Uri ReleasePage(string id) => new(_http.BaseAddress!, $"releases/{Uri.EscapeDataString(id)}");

    /// <summary>Disposes the <see cref="HttpClient"/> when this client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>
    /// A connection to <c>/hubs/releases</c> carrying the token as a bearer (the .NET client sends it in the
    /// <c>Authorization</c> header on every transport, never in the address), to the portal's own address only.
    /// </summary>
    internal HubConnection BuildHubConnection() => new HubConnectionBuilder()
        .WithUrl(new Uri(_http.BaseAddress!, "hubs/releases"), options =>
        {
            if (Token is { } token)
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            }
            if (HubHandler is { } handler)
            {
                options.HttpMessageHandlerFactory = _ => handler();
                options.Transports = HttpTransportType.LongPolling;
            }
            else
            {
                // WebSockets straight away, without SignalR's negotiation: a negotiate answer may redirect the client
                // to any other address, and the client would take the token along.
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
            }
        })
        .Build();

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var message = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (Token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }
        return message;
    }
}

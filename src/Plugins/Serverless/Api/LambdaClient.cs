using System.Net.Http.Headers;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using PortalRelease.Plugins.Serverless.Settings;
using PortalRelease.Plugins.Serverless.Signing;
using Polly;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless.Api;

/// <summary>
/// The Lambda REST API (version 2015-03-31) for one function, signed with SigV4. Each operation is retried by the
/// driver's pipeline on throttling (honouring <c>Retry-After</c>), server errors and network failures, and — where
/// <c>ResourceConflictException</c> means "another update is in progress" — on conflicts.
/// </summary>
internal sealed partial class LambdaClient
{
    public const string ApiVersion = "2015-03-31";
    public const string SigningService = "lambda";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly LambdaSettings _settings;
    private readonly LambdaDriverOptions _options;
    private readonly ImmutableCredentials _credentials;

    public LambdaClient(HttpClient http, LambdaSettings settings, LambdaDriverOptions options)
    {
        _http = http;
        _settings = settings;
        _options = options;
        _credentials = settings.SessionToken is null
            ? new BasicAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey).GetCredentials()
            : new SessionAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey, settings.SessionToken).GetCredentials();
    }

    private string FunctionPath => $"/{ApiVersion}/functions/{Uri.EscapeDataString(_settings.FunctionName)}";

    private async Task<T?> SendAsync<T>(
        string operation, HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, object? body,
        bool retryConflicts, CancellationToken cancellationToken)
        where T : class
    {
        var pipeline = retryConflicts ? _options.ConflictRetryPipeline : _options.RetryPipeline;
        var payload = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), LambdaJson.Options);
        return await pipeline.ExecuteAsync(
            async token => await SendOnceAsync<T>(operation, method, path, query, body is null ? null : payload, token), cancellationToken);
    }

    private async Task<T?> SendOnceAsync<T>(
        string operation, HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, byte[]? payload, CancellationToken cancellationToken)
        where T : class
    {
        var pathAndQuery = query.Count == 0
            ? path
            : path + "?" + string.Join("&", query.Select(p => $"{CanonicalRequest.Encode(p.Key)}={CanonicalRequest.Encode(p.Value)}"));
        var destination = new Uri(_settings.Endpoint, pathAndQuery.TrimStart('/'));
        // The endpoint (or the region that picks it) is a user's setting: asked at every attempt, so a policy tightened
        // after the target was saved sends the signed request nowhere. Not retried: the policy will not change its mind.
        if (_options.Policy.CheckEndpoint(ServerlessPlugin.Kind, destination) is { } refused)
        {
            throw new DriverException($"The Lambda endpoint of function '{_settings.FunctionName}' is not allowed: {refused}");
        }
        using var request = new HttpRequestMessage(method, destination);
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = Json;
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // Signed per attempt: a retry carries a fresh X-Amz-Date.
        SigV4Signer.Sign(request, query, payload ?? [], _credentials, _settings.Region, SigningService, _options.Time.GetUtcNow());

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.AttemptTimeout);
        try
        {
            using var response = await _http.SendAsync(request, attempt.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(attempt.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw LambdaErrorReader.Read(operation, response, bytes, _options.Time.GetUtcNow());
            }
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize<T>(bytes, LambdaJson.Options);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{operation}: no response within {_options.AttemptTimeout.TotalSeconds:0.#} s.");
        }
        catch (JsonException ex)
        {
            throw new LambdaApiException($"{operation}: the response is not the JSON the Lambda API documents ({ex.Message}).", ex);
        }
    }

    private static T Required<T>(T? value, string operation) where T : class =>
        value ?? throw new LambdaApiException($"{operation}: the response had no body.");

    /// <summary>The payload hash of an empty body, for tests that rebuild signatures.</summary>
    public static string EmptyPayloadHash => Convert.ToHexStringLower(AWS4Signer.ComputeHash([]));
}

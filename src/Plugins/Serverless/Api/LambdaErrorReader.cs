using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Plugins.Serverless.Api;

/// <summary>
/// Reads a Lambda error response: the type from the <c>x-amzn-ErrorType</c> header (<c>Type:namespace</c>) or the body's
/// <c>__type</c> (<c>namespace#Type</c>), the message from <c>message</c> or <c>Message</c>, and throttling's <c>Retry-After</c>.
/// </summary>
internal static class LambdaErrorReader
{
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    private const int MaxMessageLength = 500;

    public static LambdaApiException Read(string operation, HttpResponseMessage response, byte[] body, DateTimeOffset now)
    {
        string? type = null;
        if (response.Headers.TryGetValues(ErrorTypeHeader, out var values) && values.FirstOrDefault() is { Length: > 0 } header)
        {
            type = header.Split(':')[0];
        }
        string? message = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (type is null && Text(json.RootElement, "__type") is { } bodyType)
                {
                    type = bodyType.Split('#')[^1].Split(':')[0];
                }
                message = Text(json.RootElement, "message") ?? Text(json.RootElement, "Message");
            }
        }
        catch (JsonException)
        {
            message = Encoding.UTF8.GetString(body).Trim();
        }
        var status = (int)response.StatusCode;
        type ??= $"HTTP{status.ToString(CultureInfo.InvariantCulture)}";
        message = string.IsNullOrWhiteSpace(message) ? response.ReasonPhrase ?? "no message" : message;
        if (message.Length > MaxMessageLength)
        {
            message = message[..MaxMessageLength] + "…";
        }
        return new LambdaApiException(operation, response.StatusCode, type, message, RetryAfter(response.Headers.RetryAfter, now));
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? value, DateTimeOffset now) => value switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Api;

/// <summary>Reads a JSON body with an error that names the line and position of bad JSON, instead of a bare 400.</summary>
public static partial class ApiJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        // A request body is a few levels deep; a deeper one is an attack on the reader, not a request.
        MaxDepth = 32,
    };

    [GeneratedRegex(@"\AThe JSON property '(?<name>.*)' could not be mapped", RegexOptions.Singleline)]
    private static partial Regex UnknownProperty();

    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
            return body is null ? (null, Problems.BadRequest("The body must be a JSON object, not null.")) : (body, null);
        }
        catch (JsonException error)
        {
            return (null, Problems.BadRequest(Describe(error)));
        }
    }

    /// <summary>What is wrong and where, in the portal's words: the serializer's own message names CLR types and may quote input.</summary>
    public static string Describe(JsonException error)
    {
        var where = error.Path is { Length: > 1 } path ? $" at {Excerpt.Of(path)}" : "";
        var position = error.LineNumber is { } line ? $" (line {line + 1}, position {(error.BytePositionInLine ?? 0) + 1})" : "";
        return $"The body is not valid JSON for this request{where}{position}: {Reason(error)}";
    }

    private static string Reason(JsonException error)
    {
        if (IsUnreadableText(error))
        {
            return "the text is not valid UTF-8 (or holds an unpaired \\u surrogate escape).";
        }
        if (UnknownProperty().Match(error.Message) is { Success: true } unknown)
        {
            return $"'{Excerpt.Of(unknown.Groups["name"].Value)}' is not a field of this request.";
        }
        if (error.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return "the value there is not of the expected type.";
        }
        var message = error.Message;
        var end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return Excerpt.Of(end > 0 ? message[..end] + "." : message, 200);
    }

    /// <summary>Bytes that are not UTF-8 (or an escape that makes no UTF-16) inside a string: the reader could not decode it.</summary>
    internal static bool IsUnreadableText(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            // A type mismatch arrives as an InvalidOperationException too; only the decoder's own words tell them apart.
            if (e is DecoderFallbackException
                || (e is InvalidOperationException && (e.Message.Contains("UTF-8", StringComparison.Ordinal) || e.Message.Contains("UTF-16", StringComparison.Ordinal))))
            {
                return true;
            }
        }
        return false;
    }
}

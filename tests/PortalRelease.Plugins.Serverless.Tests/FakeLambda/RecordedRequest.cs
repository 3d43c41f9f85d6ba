namespace PortalRelease.Plugins.Serverless.Tests.FakeLambda;

/// <summary>One request as the fake Lambda API received it, before it acted on it.</summary>
/// <param name="Operation">The Lambda operation the method and path name, e.g. <c>UpdateAlias</c>.</param>
/// <param name="Method">The HTTP verb.</param>
/// <param name="RawPath">The path exactly as sent (percent-encoded).</param>
/// <param name="Query">The query parameters, decoded.</param>
/// <param name="Headers">Every header, by lower-case name.</param>
/// <param name="Body">The body text; empty for none.</param>
/// <param name="Status">The status code the fake answered with.</param>
public sealed record RecordedRequest(
    string Operation, string Method, string RawPath, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body, int Status)
{
    /// <summary>Method and path, e.g. <c>PUT /2015-03-31/functions/checkout-api/aliases/live</c>.</summary>
    public string Line => $"{Method} {RawPath}";

    /// <summary>Whether the request asks for a change (not a read).</summary>
    public bool IsWrite => Method != "GET";

    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : "";
}

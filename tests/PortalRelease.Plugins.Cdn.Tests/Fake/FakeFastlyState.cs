namespace PortalRelease.Plugins.Cdn.Tests.Fake;

/// <summary>One version of the fake service: its flags, comment, backends and versioned snippets (fields as sent).</summary>
internal sealed class FakeVersion
{
    public required int Number { get; init; }

    public bool Active { get; set; }

    public bool Locked { get; set; }

    public string Comment { get; set; } = "";

    public Dictionary<string, Dictionary<string, string>> Backends { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, Dictionary<string, string>> Snippets { get; init; } = new(StringComparer.Ordinal);

    public FakeVersion CloneAs(int number) => new()
    {
        Number = number,
        Comment = Comment,
        Backends = Backends.ToDictionary(b => b.Key, b => new Dictionary<string, string>(b.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        Snippets = Snippets.ToDictionary(s => s.Key, s => new Dictionary<string, string>(s.Value, StringComparer.Ordinal), StringComparer.Ordinal),
    };
}

/// <summary>A request as the fake received it, with the status it answered.</summary>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Form, string? FastlyKey, DateTimeOffset At)
{
    public int Status { get; set; }

    /// <summary>e.g. <c>PUT /service/SVC/version/2/clone</c>.</summary>
    public string Line => $"{Method} {Path}";

    public override string ToString() => $"{Line} -> {Status}";
}

/// <summary>A scripted error answer for the next requests that match.</summary>
internal sealed record FakeFault(Func<RecordedRequest, bool> Matches, int Status, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public int Remaining { get; set; } = 1;
}

namespace PortalRelease.Plugins.Serverless.Tests.FakeLambda;

/// <summary>A published version of a fake function.</summary>
public sealed record FakeVersion(string Number, string CodeSha256, string Description, string CodeLocation)
{
    public string State { get; set; } = "Active";
}

/// <summary>A fake alias: its version and the routing of an additional version.</summary>
public sealed class FakeAlias
{
    public required string Name { get; init; }

    public required string FunctionVersion { get; set; }

    public string? Description { get; set; }

    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.Ordinal);

    public string RevisionId { get; set; } = Guid.NewGuid().ToString();
}

/// <summary>One fake function: its unpublished code ($LATEST), its published versions and its aliases.</summary>
public sealed class FakeFunction
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public string CodeLocation { get; set; } = "";

    public string CodeSha256 { get; set; } = "";

    public string RevisionId { get; set; } = Guid.NewGuid().ToString();

    public string LastUpdateStatus { get; set; } = "Successful";

    public string? LastUpdateStatusReason { get; set; }

    /// <summary>Configuration reads left before an update in progress completes.</summary>
    public int ReadsUntilUpdateDone { get; set; }

    public List<FakeVersion> Versions { get; } = [];

    public Dictionary<string, FakeAlias> Aliases { get; } = new(StringComparer.Ordinal);
}

namespace PortalRelease.Plugins.Serverless.Api;

// The Lambda API's JSON shapes (API version 2015-03-31), reduced to the members the driver reads or sends.
// Property names are the API's own, PascalCase.

/// <summary>FunctionConfiguration: returned by GetFunctionConfiguration, UpdateFunctionCode and PublishVersion.</summary>
internal sealed record FunctionConfiguration
{
    public string? FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    /// <summary><c>$LATEST</c> or a published version's number.</summary>
    public string? Version { get; init; }

    public string? Description { get; init; }

    public string? CodeSha256 { get; init; }

    public string? RevisionId { get; init; }

    /// <summary>Pending, Active, Inactive or Failed.</summary>
    public string? State { get; init; }

    public string? StateReason { get; init; }

    /// <summary>InProgress, Successful or Failed.</summary>
    public string? LastUpdateStatus { get; init; }

    public string? LastUpdateStatusReason { get; init; }
}

/// <summary>ListVersionsByFunction's response.</summary>
internal sealed record ListVersionsByFunctionResponse
{
    public string? NextMarker { get; init; }

    public List<FunctionConfiguration>? Versions { get; init; }
}

/// <summary>AliasConfiguration: returned by GetAlias, CreateAlias and UpdateAlias.</summary>
internal sealed record AliasConfiguration
{
    public string? AliasArn { get; init; }

    public string? Name { get; init; }

    public string? FunctionVersion { get; init; }

    public string? Description { get; init; }

    public string? RevisionId { get; init; }

    public AliasRoutingConfiguration? RoutingConfig { get; init; }
}

/// <summary>An alias's traffic shifting: the second version and the share (0.0 to 1.0) it receives.</summary>
internal sealed record AliasRoutingConfiguration
{
    public Dictionary<string, double>? AdditionalVersionWeights { get; init; }
}

internal sealed record UpdateFunctionCodeRequest
{
    public required string S3Bucket { get; init; }

    public required string S3Key { get; init; }

    public bool Publish { get; init; }
}

internal sealed record PublishVersionRequest
{
    public string? CodeSha256 { get; init; }

    public string? Description { get; init; }

    public string? RevisionId { get; init; }
}

internal sealed record CreateAliasRequest
{
    public required string Name { get; init; }

    public required string FunctionVersion { get; init; }

    public string? Description { get; init; }

    public AliasRoutingConfiguration? RoutingConfig { get; init; }
}

internal sealed record UpdateAliasRequest
{
    public required string FunctionVersion { get; init; }

    public string? Description { get; init; }

    /// <summary>An empty weight map removes the routing: all traffic goes to <see cref="FunctionVersion"/>.</summary>
    public required AliasRoutingConfiguration RoutingConfig { get; init; }

    /// <summary>Lambda refuses the update (412) if the alias changed since this revision was read.</summary>
    public string? RevisionId { get; init; }
}

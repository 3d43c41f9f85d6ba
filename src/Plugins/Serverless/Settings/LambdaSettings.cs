namespace PortalRelease.Plugins.Serverless.Settings;

/// <summary>An <c>aws-lambda</c> target's settings, read and validated, with its credentials.</summary>
internal sealed class LambdaSettings
{
    public const double DefaultUpdateTimeoutSeconds = 300;

    public required string Region { get; init; }

    public required string FunctionName { get; init; }

    public required string Alias { get; init; }

    public required string CodeBucket { get; init; }

    /// <summary>Contains <see cref="VersionPlaceholder"/>.</summary>
    public required string CodeKeyTemplate { get; init; }

    public required string AccessKeyId { get; init; }

    /// <summary>A secret: never logged, never in a message.</summary>
    public required string SecretAccessKey { get; init; }

    /// <summary>A secret, for temporary credentials only.</summary>
    public string? SessionToken { get; init; }

    /// <summary>The API root: the regional endpoint unless overridden.</summary>
    public required Uri Endpoint { get; init; }

    public TimeSpan UpdateTimeout { get; init; } = TimeSpan.FromSeconds(DefaultUpdateTimeoutSeconds);

    public const string VersionPlaceholder = "{version}";

    /// <summary>The S3 key of a release version's deployment package.</summary>
    public string CodeKey(string version) => CodeKeyTemplate.Replace(VersionPlaceholder, version, StringComparison.Ordinal);

    /// <summary>The values no message may contain.</summary>
    public IEnumerable<string> SecretValues() => SessionToken is null ? [SecretAccessKey] : [SecretAccessKey, SessionToken];
}

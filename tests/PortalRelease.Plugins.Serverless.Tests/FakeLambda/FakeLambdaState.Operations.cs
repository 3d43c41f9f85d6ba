using System.Globalization;
using System.Text.Json;

namespace PortalRelease.Plugins.Serverless.Tests.FakeLambda;

public sealed partial class FakeLambdaState
{
    /// <summary>GetFunctionConfiguration: $LATEST (an update in progress counts down its reads), a version number or an alias.</summary>
    public object GetFunctionConfiguration(string name, string? qualifier)
    {
        lock (_lock)
        {
            var f = Function(name);
            if (qualifier is null or "$LATEST")
            {
                if (f.LastUpdateStatus == "InProgress" && !CountDown(f))
                {
                    Complete(f);
                }
                return Latest(f);
            }
            if (f.Aliases.TryGetValue(qualifier, out var alias))
            {
                qualifier = alias.FunctionVersion;
            }
            var version = f.Versions.FirstOrDefault(v => v.Number == qualifier)
                ?? throw new LambdaErrorException(LambdaError.NotFound($"Function not found: {f.Arn}:{qualifier}"));
            return Published(f, version);
        }
    }

    /// <summary>UpdateFunctionCode from S3: 409 while another update is in progress, 400 for a missing object.</summary>
    public object UpdateFunctionCode(string name, JsonElement body)
    {
        lock (_lock)
        {
            var f = Function(name);
            var bucket = Text(body, "S3Bucket");
            var key = Text(body, "S3Key");
            if (bucket is null || key is null)
            {
                throw new LambdaErrorException(LambdaError.InvalidParameter("Please provide a source for function code."));
            }
            RefuseWhileUpdating(f);
            if (!_objects.Contains($"{bucket}/{key}"))
            {
                throw new LambdaErrorException(LambdaError.InvalidParameter(
                    "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist."));
            }
            f.CodeLocation = $"{bucket}/{key}";
            f.CodeSha256 = Sha(f.CodeLocation);
            f.RevisionId = Guid.NewGuid().ToString();
            f.LastUpdateStatus = "InProgress";
            f.ReadsUntilUpdateDone = UpdateReadsInProgress;
            return Latest(f);
        }
    }

    /// <summary>PublishVersion: checks RevisionId (412) and CodeSha256; the latest version again when the code did not change.</summary>
    public object PublishVersion(string name, JsonElement body)
    {
        lock (_lock)
        {
            var f = Function(name);
            RefuseWhileUpdating(f);
            if (Text(body, "RevisionId") is { } revision && revision != f.RevisionId)
            {
                throw new LambdaErrorException(LambdaError.PreconditionFailed(
                    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id"));
            }
            if (Text(body, "CodeSha256") is { } sha && sha != f.CodeSha256)
            {
                throw new LambdaErrorException(LambdaError.InvalidParameter($"CodeSHA256 ({sha}) is different from current CodeSHA256 in $LATEST ({f.CodeSha256}). Please try again"));
            }
            var latest = f.Versions.LastOrDefault();
            if (latest is not null && latest.CodeSha256 == f.CodeSha256)
            {
                return Published(f, latest);
            }
            var version = new FakeVersion(Next(f.Versions), f.CodeSha256, Text(body, "Description") ?? "", f.CodeLocation);
            f.Versions.Add(version);
            return Published(f, version);
        }
    }

    /// <summary>ListVersionsByFunction: $LATEST then every version, paged by an opaque marker.</summary>
    public object ListVersions(string name, string? marker, string? maxItems)
    {
        lock (_lock)
        {
            var f = Function(name);
            var all = new List<object> { Latest(f) };
            all.AddRange(f.Versions.Select(v => Published(f, v)));
            var start = 0;
            if (marker is not null && (!marker.StartsWith("page-", StringComparison.Ordinal) || !int.TryParse(marker[5..], CultureInfo.InvariantCulture, out start)))
            {
                throw new LambdaErrorException(LambdaError.InvalidParameter($"Invalid marker: {marker}"));
            }
            var size = Math.Min(PageSize, maxItems is null ? 50 : int.Parse(maxItems, CultureInfo.InvariantCulture));
            var page = all.Skip(start).Take(size).ToList();
            var next = start + size < all.Count ? $"page-{start + size}" : null;
            return next is null ? new { Versions = page } : new { NextMarker = next, Versions = page };
        }
    }

    public object GetAlias(string name, string alias)
    {
        lock (_lock)
        {
            return Alias(Function(name), FindAlias(Function(name), alias));
        }
    }

    public object CreateAlias(string name, JsonElement body)
    {
        lock (_lock)
        {
            var f = Function(name);
            var aliasName = Text(body, "Name") ?? throw new LambdaErrorException(LambdaError.InvalidParameter("Name is required."));
            if (f.Aliases.ContainsKey(aliasName))
            {
                throw new LambdaErrorException(LambdaError.Conflict($"Alias already exists: {f.Arn}:{aliasName}"));
            }
            var alias = new FakeAlias { Name = aliasName, FunctionVersion = RequireVersion(f, Text(body, "FunctionVersion")), Description = Text(body, "Description") };
            alias.Weights = ReadWeights(f, body, alias.FunctionVersion) ?? [];
            f.Aliases[aliasName] = alias;
            return Alias(f, alias);
        }
    }

    /// <summary>UpdateAlias: RevisionId checked (412); a RoutingConfig replaces the routing, an empty one clears it.</summary>
    public object UpdateAlias(string name, string aliasName, JsonElement body)
    {
        lock (_lock)
        {
            var f = Function(name);
            var alias = FindAlias(f, aliasName);
            if (Text(body, "RevisionId") is { } revision && revision != alias.RevisionId)
            {
                throw new LambdaErrorException(LambdaError.PreconditionFailed(
                    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id"));
            }
            var version = Text(body, "FunctionVersion") is { } v ? RequireVersion(f, v) : alias.FunctionVersion;
            var weights = ReadWeights(f, body, version);
            alias.FunctionVersion = version;
            if (weights is not null)
            {
                alias.Weights = weights;
            }
            if (Text(body, "Description") is { } description)
            {
                alias.Description = description;
            }
            alias.RevisionId = Guid.NewGuid().ToString();
            return Alias(f, alias);
        }
    }

    public void DeleteAlias(string name, string aliasName)
    {
        lock (_lock)
        {
            var f = Function(name);
            FindAlias(f, aliasName);
            f.Aliases.Remove(aliasName);
        }
    }

    // An update takes a number of requests (reads, or calls refused meanwhile) instead of time, so tests need no clock.
    private void RefuseWhileUpdating(FakeFunction f)
    {
        if (f.LastUpdateStatus != "InProgress")
        {
            return;
        }
        if (CountDown(f))
        {
            throw new LambdaErrorException(LambdaError.Conflict(
                $"The operation cannot be performed at this time. An update is in progress for resource: {f.Arn}"));
        }
        Complete(f);
    }

    private static bool CountDown(FakeFunction f)
    {
        if (f.ReadsUntilUpdateDone <= 0)
        {
            return false;
        }
        f.ReadsUntilUpdateDone--;
        return true;
    }

    private void Complete(FakeFunction f)
    {
        f.LastUpdateStatus = FailUpdatesWith is null ? "Successful" : "Failed";
        f.LastUpdateStatusReason = FailUpdatesWith;
    }

    private static FakeAlias FindAlias(FakeFunction f, string alias) => f.Aliases.TryGetValue(alias, out var found)
        ? found
        : throw new LambdaErrorException(LambdaError.NotFound($"Cannot find alias arn: {f.Arn}:{alias}"));

    private static string RequireVersion(FakeFunction f, string? version) => version is not null && f.Versions.Any(v => v.Number == version)
        ? version
        : throw new LambdaErrorException(LambdaError.NotFound($"Function not found: {f.Arn}:{version}"));

    private static Dictionary<string, double>? ReadWeights(FakeFunction f, JsonElement body, string functionVersion)
    {
        if (!body.TryGetProperty("RoutingConfig", out var routing) || routing.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!routing.TryGetProperty("AdditionalVersionWeights", out var map) || map.ValueKind == JsonValueKind.Null)
        {
            return weights;
        }
        foreach (var entry in map.EnumerateObject())
        {
            var weight = entry.Value.GetDouble();
            if (weight is < 0 or > 1)
            {
                throw new LambdaErrorException(LambdaError.InvalidParameter($"1 validation error detected: Value '{weight}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Member must have value less than or equal to 1.0"));
            }
            if (entry.Name == functionVersion)
            {
                throw new LambdaErrorException(LambdaError.InvalidParameter("Invalid function version in RoutingConfig. The function version in RoutingConfig must be different from the alias function version."));
            }
            RequireVersion(f, entry.Name);
            weights[entry.Name] = weight;
        }
        if (weights.Count > 1)
        {
            throw new LambdaErrorException(LambdaError.InvalidParameter("Number of entries in RoutingConfig must not exceed 1."));
        }
        return weights;
    }

    private static object Latest(FakeFunction f) => new
    {
        FunctionName = f.Name,
        FunctionArn = f.Arn,
        Version = "$LATEST",
        Description = "",
        f.CodeSha256,
        f.RevisionId,
        State = "Active",
        f.LastUpdateStatus,
        f.LastUpdateStatusReason,
    };

    private static object Published(FakeFunction f, FakeVersion v) => new
    {
        FunctionName = f.Name,
        FunctionArn = $"{f.Arn}:{v.Number}",
        Version = v.Number,
        v.Description,
        v.CodeSha256,
        RevisionId = Guid.NewGuid().ToString(),
        v.State,
        LastUpdateStatus = "Successful",
    };

    private static object Alias(FakeFunction f, FakeAlias a) => a.Weights.Count == 0
        ? new { AliasArn = $"{f.Arn}:{a.Name}", a.Name, a.FunctionVersion, a.Description, a.RevisionId }
        : new { AliasArn = $"{f.Arn}:{a.Name}", a.Name, a.FunctionVersion, a.Description, a.RevisionId, RoutingConfig = new { AdditionalVersionWeights = a.Weights } };

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

namespace PortalRelease.Plugins.Serverless.Api;

internal sealed partial class LambdaClient
{
    private const int PageSize = 50;

    /// <summary>GetFunctionConfiguration: <c>GET /2015-03-31/functions/{name}/configuration[?Qualifier=]</c>.</summary>
    public async Task<FunctionConfiguration> GetFunctionConfigurationAsync(string? qualifier, CancellationToken cancellationToken)
    {
        const string operation = "GetFunctionConfiguration";
        var query = qualifier is null ? [] : new[] { KeyValuePair.Create("Qualifier", qualifier) };
        return Required(await SendAsync<FunctionConfiguration>(
            operation, HttpMethod.Get, FunctionPath + "/configuration", query, null, retryConflicts: false, cancellationToken), operation);
    }

    /// <summary>UpdateFunctionCode from S3: <c>PUT /2015-03-31/functions/{name}/code</c>; retried while another update is in progress (409).</summary>
    public async Task<FunctionConfiguration> UpdateFunctionCodeAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        const string operation = "UpdateFunctionCode";
        var body = new UpdateFunctionCodeRequest { S3Bucket = bucket, S3Key = key, Publish = false };
        return Required(await SendAsync<FunctionConfiguration>(
            operation, HttpMethod.Put, FunctionPath + "/code", [], body, retryConflicts: true, cancellationToken), operation);
    }

    /// <summary>PublishVersion: <c>POST /2015-03-31/functions/{name}/versions</c>; retried while an update is in progress (409).</summary>
    public async Task<FunctionConfiguration> PublishVersionAsync(PublishVersionRequest body, CancellationToken cancellationToken)
    {
        const string operation = "PublishVersion";
        return Required(await SendAsync<FunctionConfiguration>(
            operation, HttpMethod.Post, FunctionPath + "/versions", [], body, retryConflicts: true, cancellationToken), operation);
    }

    /// <summary>ListVersionsByFunction, every page: <c>GET /2015-03-31/functions/{name}/versions?MaxItems=&amp;Marker=</c>.</summary>
    public async Task<List<FunctionConfiguration>> ListVersionsAsync(CancellationToken cancellationToken)
    {
        const string operation = "ListVersionsByFunction";
        var versions = new List<FunctionConfiguration>();
        string? marker = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var query = new List<KeyValuePair<string, string>> { new("MaxItems", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            if (marker is not null)
            {
                query.Add(new("Marker", marker));
            }
            var page = Required(await SendAsync<ListVersionsByFunctionResponse>(
                operation, HttpMethod.Get, FunctionPath + "/versions", query, null, retryConflicts: false, cancellationToken), operation);
            versions.AddRange(page.Versions ?? []);
            marker = string.IsNullOrEmpty(page.NextMarker) ? null : page.NextMarker;
            // A marker seen twice would page forever.
            if (marker is not null && !seen.Add(marker))
            {
                throw new LambdaApiException($"{operation}: the API returned marker '{marker}' twice.");
            }
        }
        while (marker is not null);
        return versions;
    }

    /// <summary>GetAlias: <c>GET /2015-03-31/functions/{name}/aliases/{alias}</c>; <c>null</c> when it does not exist (404).</summary>
    public async Task<AliasConfiguration?> GetAliasAsync(CancellationToken cancellationToken)
    {
        const string operation = "GetAlias";
        try
        {
            return Required(await SendAsync<AliasConfiguration>(
                operation, HttpMethod.Get, AliasPath, [], null, retryConflicts: false, cancellationToken), operation);
        }
        // A missing function also answers 404 here; the next call on the function reports it by name.
        catch (LambdaApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>CreateAlias: <c>POST /2015-03-31/functions/{name}/aliases</c>. A 409 means it exists already.</summary>
    public async Task<AliasConfiguration> CreateAliasAsync(CreateAliasRequest body, CancellationToken cancellationToken)
    {
        const string operation = "CreateAlias";
        return Required(await SendAsync<AliasConfiguration>(
            operation, HttpMethod.Post, FunctionPath + "/aliases", [], body, retryConflicts: false, cancellationToken), operation);
    }

    /// <summary>UpdateAlias: <c>PUT /2015-03-31/functions/{name}/aliases/{alias}</c>.</summary>
    public async Task<AliasConfiguration> UpdateAliasAsync(UpdateAliasRequest body, CancellationToken cancellationToken)
    {
        const string operation = "UpdateAlias";
        return Required(await SendAsync<AliasConfiguration>(
            operation, HttpMethod.Put, AliasPath, [], body, retryConflicts: true, cancellationToken), operation);
    }

    /// <summary>DeleteAlias: <c>DELETE /2015-03-31/functions/{name}/aliases/{alias}</c> (204).</summary>
    public async Task DeleteAliasAsync(CancellationToken cancellationToken) =>
        await SendAsync<AliasConfiguration>("DeleteAlias", HttpMethod.Delete, AliasPath, [], null, retryConflicts: true, cancellationToken);

    private string AliasPath => $"{FunctionPath}/aliases/{Uri.EscapeDataString(_settings.Alias)}";
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PortalRelease.Plugins.Serverless.Tests.FakeLambda;

/// <summary>
/// The fake Lambda service's state and its operations, following the API reference (2015-03-31): an update is
/// InProgress for <see cref="UpdateReadsInProgress"/> configuration reads and refuses other updates with 409 meanwhile;
/// PublishVersion returns the latest version again when the code did not change; alias routing names one additional
/// published version with a weight from 0.0 to 1.0. Every member is safe to call from the server's threads.
/// </summary>
public sealed partial class FakeLambdaState
{
    public const string Region = "eu-west-1";
    public const string Account = "123456789012";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeFunction> _functions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _objects = new(StringComparer.Ordinal);

    /// <summary>How many configuration reads show an update as InProgress (0: done by the first read).</summary>
    public int UpdateReadsInProgress { get; set; }

    /// <summary>When set, code updates end Failed with this reason (LastUpdateStatusReason).</summary>
    public string? FailUpdatesWith { get; set; }

    /// <summary>The most versions one ListVersionsByFunction page holds, whatever MaxItems asks.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Makes an S3 object exist, e.g. <c>builds</c>, <c>checkout/1.1.0.zip</c>.</summary>
    public void AddObject(string bucket, string key)
    {
        lock (_lock)
        {
            _objects.Add($"{bucket}/{key}");
        }
    }

    /// <summary>Creates a function whose $LATEST holds the given code; optionally publishes it as version 1 with an alias on it.</summary>
    public void AddFunction(string name, string bucket, string key, string? publishedAs = null, string? alias = null)
    {
        lock (_lock)
        {
            _objects.Add($"{bucket}/{key}");
            var function = new FakeFunction { Name = name, Arn = $"arn:aws:lambda:{Region}:{Account}:function:{name}", CodeLocation = $"{bucket}/{key}", CodeSha256 = Sha($"{bucket}/{key}") };
            _functions[name] = function;
            if (publishedAs is not null)
            {
                function.Versions.Add(new FakeVersion("1", function.CodeSha256, publishedAs, function.CodeLocation));
                if (alias is not null)
                {
                    function.Aliases[alias] = new FakeAlias { Name = alias, FunctionVersion = "1", Description = "created by hand" };
                }
            }
        }
    }

    /// <summary>Reads a function's state under the lock.</summary>
    public T Read<T>(string name, Func<FakeFunction, T> read)
    {
        lock (_lock)
        {
            return read(_functions[name]);
        }
    }

    /// <summary>Changes a function's state under the lock.</summary>
    public void Change(string name, Action<FakeFunction> change)
    {
        lock (_lock)
        {
            change(_functions[name]);
        }
    }

    /// <summary>The alias's routing as (version, canary version, canary weight), or null when it does not exist.</summary>
    public (string Version, string? Canary, double Weight)? Routing(string function, string alias) => Read(function, f =>
        f.Aliases.TryGetValue(alias, out var a)
            ? (a.FunctionVersion, a.Weights.Keys.FirstOrDefault(), a.Weights.Values.FirstOrDefault())
            : ((string, string?, double)?)null);

    private FakeFunction Function(string name) => _functions.TryGetValue(name, out var function)
        ? function
        : throw new LambdaErrorException(LambdaError.NotFound($"Function not found: arn:aws:lambda:{Region}:{Account}:function:{name}"));

    private static string Sha(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Next(List<FakeVersion> versions) =>
        (versions.Count == 0 ? 1 : versions.Max(v => int.Parse(v.Number, CultureInfo.InvariantCulture)) + 1).ToString(CultureInfo.InvariantCulture);
}

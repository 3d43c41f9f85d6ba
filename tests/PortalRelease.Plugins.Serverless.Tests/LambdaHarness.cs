using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PortalRelease.Plugins.Serverless.Tests.FakeLambda;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>
/// A fake Lambda API with one function (<c>checkout-api</c>, version 1 = release 1.0.0, alias <c>live</c> on it, packages
/// for 1.1.0 and 1.2.0 in S3), a driver with its own data folder, and the target as the portal hands it over: settings
/// plus the secret access key in <see cref="TargetContext.Secrets"/>.
/// </summary>
public sealed class LambdaHarness : IAsyncDisposable
{
    public const string Function = "checkout-api";
    public const string Alias = "live";
    public const string Bucket = "builds";

    private LambdaHarness(FakeLambdaServer server, TimeProvider time, string dataDirectory)
    {
        Server = server;
        Time = time;
        DataDirectory = dataDirectory;
        Driver = NewDriver();
    }

    public FakeLambdaServer Server { get; }

    /// <summary>The operator's policy as the driver sees it: loopback (the fake) allowed until a test says otherwise.</summary>
    public TestHostPolicy Policy { get; } = new();

    public FakeLambdaState State => Server.State;

    public TimeProvider Time { get; }

    public FakeTimeProvider? FakeTime => Time as FakeTimeProvider;

    public string DataDirectory { get; }

    internal LambdaTargetDriver Driver { get; private set; }

    /// <param name="fakeTime">Drive retries and polling by a clock the test moves; otherwise real time with short waits.</param>
    /// <param name="withAlias">Whether the function starts with version 1 published and the alias on it.</param>
    public static async Task<LambdaHarness> StartAsync(bool fakeTime = false, bool withAlias = true)
    {
        var state = new FakeLambdaState();
        state.AddFunction(Function, Bucket, Key("1.0.0"), publishedAs: withAlias ? "portalrelease:1.0.0" : null, alias: withAlias ? Alias : null);
        state.AddObject(Bucket, Key("1.1.0"));
        state.AddObject(Bucket, Key("1.2.0"));
        var server = await FakeLambdaServer.StartAsync(state);
        TimeProvider time = fakeTime ? new FakeTimeProvider(TestPluginHost.DefaultStart) : TimeProvider.System;
        return new LambdaHarness(server, time, Directory.CreateTempSubdirectory("portalrelease-lambda-").FullName);
    }

    public static string Key(string version) => $"checkout/{version}.zip";

    /// <summary>The settings as the portal stores them: no secret inside.</summary>
    public string SettingsJson(string? function = null) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["region"] = FakeLambdaState.Region,
        ["functionName"] = function ?? Function,
        ["alias"] = Alias,
        ["codeBucket"] = Bucket,
        ["codeKeyTemplate"] = "checkout/{version}.zip",
        ["accessKeyId"] = FakeLambdaServer.AccessKeyId,
        ["endpoint"] = Server.Endpoint.ToString(),
        ["updateTimeoutSeconds"] = 30,
    });

    public TargetContext Target(string name = "lambda-eu", string? function = null, string secret = FakeLambdaServer.SecretAccessKey) => new()
    {
        Name = name,
        Kind = ServerlessPlugin.Kind,
        Settings = TargetContexts.ParseSettings(SettingsJson(function)),
        Secrets = new Dictionary<string, string>(StringComparer.Ordinal) { ["secretAccessKey"] = secret },
    };

    /// <summary>A driver over the same data folder, as after a portal restart.</summary>
    /// <param name="dataDirectory">The node's own folder (the harness's when null).</param>
    /// <param name="shared">The host's state store and locks, shared by the nodes that get the same instance; none when null.</param>
    internal LambdaTargetDriver NewDriver(string? dataDirectory = null, InMemoryPluginState? shared = null) => new(new LambdaDriverOptions
    {
        DataDirectory = dataDirectory ?? DataDirectory,
        State = shared,
        Locks = shared,
        Time = Time,
        Policy = Policy,
        RetryDelay = TimeSpan.FromMilliseconds(FakeTime is null ? 20 : 1000),
        PollInterval = TimeSpan.FromMilliseconds(FakeTime is null ? 10 : 1000),
        MaxPollInterval = TimeSpan.FromMilliseconds(FakeTime is null ? 40 : 5000),
    });

    public Task<ApplyResult> ApplyAsync(string key, string version, string cohort, int weight, DeploymentStrategy strategy = DeploymentStrategy.Canary) =>
        Driver.ApplyAsync(Target(), new ApplyRequest { ReleaseId = "r-1", Version = version, Cohort = cohort, Weight = weight, IdempotencyKey = key, Strategy = strategy }, CancellationToken.None);

    public Task<ApplyResult> RollbackAsync(string key, string fromVersion, string? toVersion) =>
        Driver.RollbackAsync(Target(), new RollbackRequest { ReleaseId = "r-1", FromVersion = fromVersion, ToVersion = toVersion, IdempotencyKey = key }, CancellationToken.None);

    public Task<TargetStatus> StatusAsync() => Driver.GetStatusAsync(Target(), CancellationToken.None);

    /// <summary>Waits (real time, bounded) until the condition holds; moves the fake clock in small steps meanwhile when there is one.</summary>
    public async Task<TimeSpan> WaitUntilAsync(Func<bool> condition, string what, TimeSpan? advanceStep = null)
    {
        var advanced = TimeSpan.Zero;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }
            if (advanceStep is { } step && FakeTime is { } fake)
            {
                fake.Advance(step);
                advanced += step;
            }
            await Task.Delay(5);
        }
        return advanced;
    }

    public async ValueTask DisposeAsync()
    {
        Driver.Dispose();
        await Server.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

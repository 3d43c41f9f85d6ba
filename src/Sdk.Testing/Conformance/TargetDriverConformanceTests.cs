using Xunit;

namespace PortalRelease.Sdk.Testing.Conformance;

/// <summary>
/// The driver conformance suite. Derive a test class from it in your own xunit test project and supply the
/// driver and its settings; xunit then runs every check below against your driver. Each test gets a new
/// instance of your class (xunit's rule), a new driver from <see cref="CreateDriver"/> and fresh idempotency
/// keys; <see cref="CleanupAsync"/> runs after each test.
/// </summary>
public abstract partial class TargetDriverConformanceTests : IAsyncLifetime
{
    private readonly string _keyPrefix = Guid.NewGuid().ToString("N")[..12];
    private ITargetDriver? _driver;

    /// <summary>Creates the driver under test, ready to act on the target named <see cref="TargetName"/>.</summary>
    protected abstract ITargetDriver CreateDriver();

    /// <summary>Settings (a JSON object) that are valid for the target under test.</summary>
    protected abstract string ValidSettingsJson { get; }

    /// <summary>Settings documents that are each invalid in some way; every one must be reported with errors.</summary>
    protected abstract IEnumerable<string> InvalidSettingsJson { get; }

    /// <summary>The target name used for every call.</summary>
    protected virtual string TargetName => "conformance";

    /// <summary>The version the target runs before the release under test.</summary>
    protected virtual string PreviousVersion => "1.0.0";

    /// <summary>The version the release under test deploys.</summary>
    protected virtual string NextVersion => "1.1.0";

    /// <summary>How long any single driver call may take before the suite calls it hung.</summary>
    protected virtual TimeSpan CallTimeout => TimeSpan.FromSeconds(10);

    /// <summary>The driver under test (created before each test).</summary>
    protected ITargetDriver Driver => _driver ?? throw new InvalidOperationException("The driver is created in InitializeAsync; it is not available yet.");

    /// <summary>The target every call acts on: <see cref="TargetName"/> with <see cref="ValidSettingsJson"/>.</summary>
    protected TargetContext Target { get; private set; } = null!;

    /// <summary>
    /// A snapshot of the target's real state outside the driver (a file's content, a server's record of changes), compared
    /// before and after calls that must change nothing. The default compares only what <see cref="ITargetDriver.GetStatusAsync"/> says.
    /// </summary>
    protected virtual ValueTask<string> CaptureExternalStateAsync() => ValueTask.FromResult(string.Empty);

    /// <summary>Runs after each test, after the driver is disposed: remove what the test left behind.</summary>
    protected virtual Task CleanupAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual Task InitializeAsync()
    {
        _driver = CreateDriver();
        Target = TargetContexts.FromJson(TargetName, _driver.Kind, ValidSettingsJson);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        switch (_driver)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        await CleanupAsync();
    }

    /// <summary>A key unique to this test run, so state left by another test never collides.</summary>
    /// <param name="name">A short name for the action, e.g. <c>stable</c>.</param>
    protected string Key(string name) => $"conformance-{_keyPrefix}-{name}";
}

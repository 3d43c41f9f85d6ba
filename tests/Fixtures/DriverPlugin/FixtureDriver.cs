using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Fixtures.DriverPlugin;

/// <summary>A driver that does nothing; the tests only need it to exist with a known kind.</summary>
public sealed class FixtureDriver : ITargetDriver
{
    public string Kind => "fixture";

    public string DisplayName => "Fixture";

    public DriverCapabilities Capabilities => DriverCapabilities.AllAtOnce;

    public string SettingsSchema => """{"type":"object"}""";

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<SettingsError>>([]);

    public Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(ApplyResult.Applied());

    public Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken) =>
        Task.FromResult(new TargetStatus { Health = TargetHealth.Healthy, Ready = true });

    public Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(ApplyResult.Applied());
}

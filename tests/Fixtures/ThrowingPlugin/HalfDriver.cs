using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Fixtures.ThrowingPlugin;

/// <summary>The driver registered before the failure; it must never be found in the catalog.</summary>
public sealed class HalfDriver : ITargetDriver
{
    public string Kind => "throwing";

    public string DisplayName => "Half registered";

    public DriverCapabilities Capabilities => DriverCapabilities.None;

    public string SettingsSchema => """{"type":"object"}""";

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<SettingsError>>([]);

    public Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}

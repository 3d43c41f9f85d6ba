namespace PortalRelease.Portal.Tests.Api;

/// <summary>Waits on a condition with a deadline: never a fixed sleep.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Evaluates <paramref name="probe"/> until it returns a value, failing with <paramref name="what"/> and the last value seen at the deadline.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null, Func<string>? lastSeen = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0} s waiting for {what}.{(lastSeen is null ? "" : " Last seen: " + lastSeen())}");
            }
            await Task.Delay(50);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null, Func<string>? lastSeen = null) =>
        await UntilAsync<object>(async () => await probe() ? new object() : null, what, timeout, lastSeen);
}

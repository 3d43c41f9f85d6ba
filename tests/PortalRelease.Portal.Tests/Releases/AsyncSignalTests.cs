using Microsoft.Extensions.Time.Testing;
using PortalRelease.Portal.Releases.Engine;

namespace PortalRelease.Portal.Tests.Releases;

public sealed class AsyncSignalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 5, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WaitAsync_RaisedBeforeWaiting_CompletesAtOnceAndConsumesTheSignal()
    {
        var signal = new AsyncSignal();
        signal.Raise();
        Assert.True(signal.IsRaised);

        await signal.WaitAsync(null, _time, CancellationToken.None).WaitAsync(Long);

        Assert.False(signal.IsRaised);
        var second = signal.WaitAsync(null, _time, CancellationToken.None);
        Assert.False(second.IsCompleted);
        signal.Raise();
        await second.WaitAsync(Long);
    }

    [Fact]
    public async Task WaitAsync_RaisedWhileWaiting_Completes()
    {
        var signal = new AsyncSignal();
        var wait = signal.WaitAsync(null, _time, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        signal.Raise();

        await wait.WaitAsync(Long);
        Assert.False(signal.IsRaised);
    }

    [Fact]
    public async Task WaitAsync_ManyRaises_CollapseIntoOneWakeUp()
    {
        var signal = new AsyncSignal();
        signal.Raise();
        signal.Raise();
        signal.Raise();

        await signal.WaitAsync(null, _time, CancellationToken.None).WaitAsync(Long);

        Assert.False(signal.WaitAsync(TimeSpan.FromMinutes(1), _time, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_Timeout_CompletesWhenTheClockPassesIt()
    {
        var signal = new AsyncSignal();
        var wait = signal.WaitAsync(TimeSpan.FromSeconds(10), _time, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        await wait.WaitAsync(Long);
        Assert.False(signal.IsRaised);
    }

    [Fact]
    public async Task WaitAsync_NegativeTimeout_CompletesAtOnce()
    {
        var signal = new AsyncSignal();

        await signal.WaitAsync(TimeSpan.FromSeconds(-5), _time, CancellationToken.None).WaitAsync(Long);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ThrowsAndKeepsALaterSignal()
    {
        var signal = new AsyncSignal();
        using var cancel = new CancellationTokenSource();
        var wait = signal.WaitAsync(null, _time, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Long));
        signal.Raise();
        Assert.True(signal.IsRaised);
    }

    [Fact]
    public async Task Raise_FromManyThreads_NeverLostAgainstAWaiter()
    {
        var signal = new AsyncSignal();
        for (var i = 0; i < 200; i++)
        {
            var raiser = Task.Run(signal.Raise);
            await signal.WaitAsync(null, _time, CancellationToken.None).WaitAsync(Long);
            await raiser;
        }
        Assert.False(signal.IsRaised);
    }
}

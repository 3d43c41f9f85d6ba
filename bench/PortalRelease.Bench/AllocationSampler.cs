using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace PortalRelease.Bench;

/// <summary>
/// Which types the process allocates most, from the runtime's own sampling: a <c>GCAllocationTick</c> event about every
/// 100 KB allocated, naming the type of the object that crossed the mark. Bytes per type are estimates (ticks × the
/// amounts they report), good for ranking. On with <c>--allocations N</c>: what to cut first when the collector's pauses
/// are the tail (measure, do not guess).
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const int AllocationTick = 10;
    private const long GcKeyword = 0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTick || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }
        var type = names.IndexOf("TypeName") is var t and >= 0 ? payload[t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    /// <summary>The <paramref name="count"/> types sampled most since the last call, as "type: MB" lines, and starts over.</summary>
    public IReadOnlyList<string> TakeTop(int count)
    {
        var snapshot = _bytes.ToArray();
        _bytes.Clear();
        return snapshot.OrderByDescending(p => p.Value).Take(count).Select(p => $"  {p.Value / 1_048_576.0,8:0.0} MB  {p.Key}").ToList();
    }
}

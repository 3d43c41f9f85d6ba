using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// Turns a fast stream into batches, at most one per <c>interval</c>: a page renders a batch at a time instead of
/// one render per event, however fast events arrive.
/// </summary>
public static class EventBatches
{
    public static async IAsyncEnumerable<IReadOnlyList<T>> ReadAsync<T>(
        IAsyncEnumerable<T> source, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(source, channel.Writer, cancellationToken);
        await foreach (var batch in ReadAsync(channel.Reader, interval, cancellationToken))
        {
            yield return batch;
        }
        await pump;
    }

    public static async IAsyncEnumerable<IReadOnlyList<T>> ReadAsync<T>(
        ChannelReader<T> reader, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            var batch = new List<T>();
            while (reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            yield return batch;
            await Task.Delay(interval, cancellationToken);
        }
    }

    private static async Task PumpAsync<T>(IAsyncEnumerable<T> source, ChannelWriter<T> writer, CancellationToken cancellationToken)
    {
        // Yield first so the caller starts reading before the source's first (possibly synchronous) items arrive.
        await Task.Yield();
        try
        {
            await foreach (var item in source.WithCancellation(cancellationToken))
            {
                await writer.WriteAsync(item, cancellationToken);
            }
            writer.TryComplete();
        }
        catch (Exception error)
        {
            // The reader sees the failure (or the cancellation) when it next waits.
            writer.TryComplete(error);
        }
    }
}

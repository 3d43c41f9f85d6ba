using System.Text.Json;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Live;

/// <summary>
/// What the stream remembers so a node need not ask its database: the newest sequence number delivered for each release a
/// runner tracks, and which commit notices are this node's own.
/// </summary>
public sealed class ReleaseEventStreamTests
{
    [Fact]
    public void Latest_TrackedRelease_RisesWithEveryDeliveryAndWithWhatItsReaderSaw()
    {
        var stream = new ReleaseEventStream(followsCluster: true);
        var tracking = stream.Track("r");
        Assert.Equal(0, stream.Latest("r", 0));

        stream.Publish([Event("r", 1), Event("r", 2), Event("q", 9)]);
        Assert.Equal(2, stream.Latest("r", 0));
        // Rows another node wrote count as soon as the follower delivers them.
        stream.PublishFollowed([Event("r", 3)]);
        Assert.Equal(3, stream.Latest("r", 1));
        // A reader that read further itself (the delivery crossed its read) raises it; it never falls back.
        Assert.Equal(5, stream.Latest("r", 5));
        Assert.Equal(5, stream.Latest("r", 0));

        // Untracked releases are not remembered, so nothing tells a reader to skip its read.
        Assert.Equal(long.MaxValue, stream.Latest("q", 0));
        tracking.Dispose();
        Assert.Equal(long.MaxValue, stream.Latest("r", 0));
    }

    [Fact]
    public void Subscribe_OneReleaseEveryReleaseAndLocalOnly_EachGetsExactlyItsEventsInOrder()
    {
        var stream = new ReleaseEventStream(followsCluster: true);
        using var r = stream.Subscribe("r");
        using var rAgain = stream.Subscribe("r");
        using var every = stream.Subscribe();
        using var everyLocal = stream.Subscribe(localOnly: true);
        var gone = stream.Subscribe("q");
        gone.Dispose();
        using var q = stream.Subscribe("q");

        stream.Publish([Event("r", 1), Event("q", 1), Event("r", 2)]);
        stream.PublishFollowed([Event("q", 2), Event("r", 3)]);

        Assert.Equal(["r1", "r2", "r3"], Drain(r));
        Assert.Equal(["r1", "r2", "r3"], Drain(rAgain));
        Assert.Equal(["q1", "q2"], Drain(q));
        Assert.Equal(["r1", "q1", "r2", "q2", "r3"], Drain(every));
        Assert.Equal(["r1", "q1", "r2"], Drain(everyLocal));
        // A disposed subscription is complete and got nothing after it went.
        Assert.True(gone.Reader.Completion.IsCompleted);
        Assert.Empty(Drain(gone));
    }

    private static List<string> Drain(ReleaseEventStream.Subscription subscription)
    {
        var seen = new List<string>();
        while (subscription.Reader.TryRead(out var e))
        {
            seen.Add(e.ReleaseId + e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return seen;
    }

    [Fact]
    public void TakeOwnNotice_OwnCommit_AnsweredOnceEvenWhenTheFollowerReadItsRowsFirst()
    {
        var stream = new ReleaseEventStream(followsCluster: true);
        stream.ExpectLocal([Event("r", 1), Event("r", 2), Event("q", 1)]);
        stream.Publish([Event("r", 1), Event("r", 2), Event("q", 1)]);
        // The follower read the rows back before the notices arrived: they are still ours, and not published twice.
        Assert.Empty(stream.PublishFollowed([Event("r", 1), Event("r", 2), Event("q", 1)]));

        // One notice per release per commit, naming its newest row.
        Assert.False(stream.TakeOwnNotice("r", 1));
        Assert.True(stream.TakeOwnNotice("r", 2));
        Assert.False(stream.TakeOwnNotice("r", 2));
        Assert.True(stream.TakeOwnNotice("q", 1));
        // Another node's row.
        Assert.False(stream.TakeOwnNotice("s", 4));
    }

    [Fact]
    public void TakeOwnNotice_CommitFailedOrListenerReconnected_NoticeCountsAsAnotherNodes()
    {
        var stream = new ReleaseEventStream(followsCluster: true);
        stream.ExpectLocal([Event("r", 1)]);
        stream.ForgetLocal([Event("r", 1)]);
        Assert.False(stream.TakeOwnNotice("r", 1));

        stream.ExpectLocal([Event("q", 1)]);
        stream.ForgetNotices();
        Assert.False(stream.TakeOwnNotice("q", 1));
    }

    [Fact]
    public void TakeOwnNotice_SingleNode_NothingIsAnnounced()
    {
        var stream = new ReleaseEventStream(followsCluster: false);
        stream.ExpectLocal([Event("r", 1)]);
        Assert.False(stream.TakeOwnNotice("r", 1));
    }

    private static JournalEvent Event(string releaseId, long seq) =>
        new(releaseId, seq, DateTimeOffset.UnixEpoch, "Test", "engine", JsonSerializer.SerializeToElement(new { }), null);
}

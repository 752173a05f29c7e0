using StreamDiffusion.Broadcast.Channels;

namespace StreamDiffusion.Broadcast.Tests.Channels;

public sealed class LatestWinsMailboxTests
{
    private sealed record Frame(long Id);

    [Fact]
    public void The_newest_item_wins_and_the_replaced_one_goes_back_to_the_producer()
    {
        var mailbox = new LatestWinsMailbox<Frame>();
        var first = new Frame(1);

        Assert.Null(mailbox.Post(first));
        Assert.Same(first, mailbox.Post(new Frame(2)));
        Assert.True(mailbox.TryTake(out var taken));
        Assert.Equal(2, taken!.Id);
        Assert.False(mailbox.TryTake(out _));
        Assert.Equal((2L, 1L), (mailbox.Posted, mailbox.Replaced));
    }

    [Fact]
    public async Task Under_contention_no_item_is_lost_or_duplicated()
    {
        const int count = 200_000;
        var mailbox = new LatestWinsMailbox<Frame>();
        var returned = 0L;
        var producer = Task.Run(() =>
        {
            for (var i = 1; i <= count; i++)
            {
                if (mailbox.Post(new Frame(i)) is not null)
                {
                    returned++;
                }
            }
        }, TestContext.Current.CancellationToken);

        var takenIds = new List<long>();
        while (!producer.IsCompleted)
        {
            if (mailbox.TryTake(out var frame))
            {
                takenIds.Add(frame!.Id);
            }
        }

        await producer;
        if (mailbox.TryTake(out var last))
        {
            takenIds.Add(last!.Id);
        }

        // Every posted item was either taken exactly once or handed back to the producer exactly once.
        Assert.Equal(count, takenIds.Count + returned);
        Assert.Equal(takenIds.Count, takenIds.Distinct().Count());
        Assert.True(takenIds.SequenceEqual(takenIds.Order()), "the consumer saw frames out of order");
        Assert.Equal(returned, mailbox.Replaced);
    }
}

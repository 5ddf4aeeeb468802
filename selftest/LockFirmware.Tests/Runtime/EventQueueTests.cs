using LockFirmware.Runtime;

namespace LockFirmware.Tests.Runtime;

public class EventQueueTests
{
    [Fact]
    public void Events_come_out_in_the_order_they_were_posted()
    {
        var q = new EventQueue(4);
        q.Post(QueuedEvent.KeyPressed, '1');
        q.Post(QueuedEvent.InputChanged, 2);
        Assert.True(q.TryTake(out var k1, out int a1));
        Assert.True(q.TryTake(out var k2, out int a2));
        Assert.Equal((QueuedEvent.KeyPressed, '1'), (k1, a1));
        Assert.Equal((QueuedEvent.InputChanged, 2), (k2, a2));
        Assert.False(q.TryTake(out _, out _));
    }

    [Fact]
    public void A_full_queue_drops_new_events_and_counts_them_without_losing_old_ones()
    {
        var q = new EventQueue(2);
        Assert.True(q.Post(QueuedEvent.KeyPressed, 1));
        Assert.True(q.Post(QueuedEvent.KeyPressed, 2));
        Assert.False(q.Post(QueuedEvent.KeyPressed, 3));
        Assert.Equal(1, q.Dropped);
        q.TryTake(out _, out int first);
        Assert.Equal(1, first);
        Assert.True(q.Post(QueuedEvent.KeyPressed, 4));
        q.TryTake(out _, out int second);
        q.TryTake(out _, out int third);
        Assert.Equal((2, 4), (second, third));
    }

    [Fact]
    public void Posting_from_another_thread_loses_nothing()
    {
        var q = new EventQueue(1000);
        var t = new Thread(() => { for (int i = 0; i < 500; i++) q.Post(QueuedEvent.InputChanged, i); });
        t.Start();
        for (int i = 0; i < 500; i++) q.Post(QueuedEvent.KeyPressed, i);
        t.Join();
        Assert.Equal(1000, q.Count);
        Assert.Equal(0, q.Dropped);
    }
}

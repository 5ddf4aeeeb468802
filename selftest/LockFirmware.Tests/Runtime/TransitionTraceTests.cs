using LockFirmware.Runtime;

namespace LockFirmware.Tests.Runtime;

public class TransitionTraceTests
{
    private sealed class Recorder : ITransitionListener
    {
        public readonly List<(long, int, int, int, int)> Seen = new();
        public void OnTransition(long timeMs, int machine, int fromState, int toState, int cause) => Seen.Add((timeMs, machine, fromState, toState, cause));
    }

    [Fact]
    public void The_ring_keeps_the_newest_transitions_and_the_listener_sees_every_one()
    {
        var trace = new TransitionTrace(3);
        var rec = new Recorder();
        trace.Listener = rec;
        for (int i = 0; i < 5; i++) trace.Record(i * 10, TraceMachine.Lock, i, i + 1, TraceCause.LockRequest);
        Assert.Equal(5, rec.Seen.Count);
        Assert.Equal(3, trace.Count);
        trace.Get(0, out long t0, out _, out int from0, out _, out _);
        trace.Get(2, out long t2, out _, out int from2, out _, out _);
        Assert.Equal((40L, 4), (t0, from0));
        Assert.Equal((20L, 2), (t2, from2));
        Assert.Throws<ArgumentOutOfRangeException>(() => trace.Get(3, out _, out _, out _, out _, out _));
    }
}

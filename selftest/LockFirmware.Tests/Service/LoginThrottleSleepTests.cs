using LockFirmware.Service;
using LockFirmware.Simulator.Engine;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Service;

/// <summary>
/// The console's login throttle counts down through deep sleep and ends for good; across a power loss it is served again
/// as at least what remained (never longer than it was, never restarted once over).
/// </summary>
public class LoginThrottleSleepTests
{
    private const string Wrong = "login 11112222";

    private static void ThreeWrong(SimulatedLock sim)
    {
        Assert.StartsWith("ERR 403", LastLine(Send(sim, Wrong)));
        Assert.StartsWith("ERR 403", LastLine(Send(sim, Wrong)));
        Assert.StartsWith("ERR 429", LastLine(Send(sim, Wrong)));
    }

    private static int RetrySeconds(string reply)
    {
        Assert.StartsWith("ERR 429", LastLine(reply));
        return int.Parse(Value(reply, "retry_s")!);
    }

    [Fact]
    public void The_technician_logs_in_after_the_lock_slept_through_the_refusal()
    {
        var sim = NewLock();
        ThreeWrong(sim);
        sim.RunUntil(5 * 60000);
        Assert.True(sim.McuDeepAsleep);
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician, 5000)));
        Assert.True(sim.Firmware!.WokeFromDeepSleep);
    }

    [Fact]
    public void A_refusal_counts_down_through_a_deep_sleep_in_its_middle()
    {
        // The second lockout is 120 s: the lock deep-sleeps a minute after the last wrong login, inside it.
        var sim = NewLock();
        ThreeWrong(sim);
        sim.RunUntil(sim.NowMs + TechnicianThrottle.FirstLockoutMs + 1000);
        ThreeWrong(sim);
        long secondStart = sim.NowMs;
        sim.RunUntil(secondStart + 90000);
        Assert.True(sim.McuDeepAsleep, "the lock sleeps during the console refusal");
        int retry = RetrySeconds(Send(sim, "login " + Technician, 5000));
        Assert.True(sim.Firmware!.WokeFromDeepSleep);
        // About 120 - 90 - the wake's 0.8 s boot left; a restart in full would say 120.
        Assert.InRange(retry, 25, 31);
        sim.RunUntil(sim.NowMs + retry * 1000L + 500);
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician, 5000)));
    }

    [Fact]
    public void A_power_cut_in_a_refusal_serves_at_least_what_remained_but_never_more_than_the_refusal()
    {
        var sim = NewLock();
        ThreeWrong(sim);
        long started = sim.NowMs;
        sim.PowerCutAt(started + 20000, 1000);
        sim.RunUntil(started + 30000);
        int retry = RetrySeconds(Send(sim, "login " + Technician));
        long trueLeftMs = TechnicianThrottle.FirstLockoutMs - (sim.NowMs - started);
        Assert.True(retry * 1000L >= trueLeftMs, $"retry_s={retry} serves at least the {trueLeftMs} ms left");
        Assert.True(retry <= TechnicianThrottle.FirstLockoutMs / 1000, $"retry_s={retry}");
        sim.RunUntil(sim.NowMs + retry * 1000L + 500);
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_power_cut_after_the_refusal_ended_does_not_start_it_again(bool sleptFirst)
    {
        var sim = NewLock();
        ThreeWrong(sim);
        long started = sim.NowMs;
        // Awake at the end of the refusal (a console line keeps the lock awake), or deep asleep since.
        if (!sleptFirst) sim.ConsoleAt(started + 50000, "status");
        long cutAt = started + (sleptFirst ? 10 * 60000 : TechnicianThrottle.FirstLockoutMs + 5000);
        sim.RunUntil(cutAt - 10);
        Assert.Equal(sleptFirst, sim.McuDeepAsleep);
        sim.PowerCutAt(cutAt, 1000);
        sim.RunUntil(cutAt + 3000);
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
    }
}

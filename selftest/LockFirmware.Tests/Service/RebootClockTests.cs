using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Service;

/// <summary>
/// Console <c>reboot</c> is a software reset: the ESP32's RTC counts on through it, so the wall clock survives as it
/// survives a deep sleep; when it cannot be carried, <c>clock_lost</c> says so.
/// </summary>
public class RebootClockTests
{
    private static long ClockSeconds(string reply) => long.Parse(Value(reply, "clock")!);

    [Fact]
    public void The_wall_clock_survives_a_reboot_without_clock_lost()
    {
        var sim = LoggedIn();
        long before = ClockSeconds(Send(sim, "get clock"));
        long sentAt = sim.NowMs;
        Assert.Equal("OK", LastLine(Send(sim, "reboot")));
        sim.RunUntil(sim.NowMs + 3000);
        Assert.True(sim.Firmware!.UptimeMs < 4000, "the MCU restarted");
        string status = Send(sim, "status");
        Assert.Equal("true", Value(status, "clock_set"));
        Assert.Equal("none", Value(status, "faults"));
        Assert.False(sim.Firmware!.Diagnosis.IsActive(FaultCode.ClockLost));
        Send(sim, "login " + Technician);
        long after = ClockSeconds(Send(sim, "get clock"));
        long elapsedS = (sim.NowMs - sentAt) / 1000;
        Assert.InRange(after - before, elapsedS - 1, elapsedS + 1);
        Assert.DoesNotContain(sim.Events, e => e.Kind == LockEventKind.Fault && e.Code == (int)FaultCode.ClockLost);
    }

    [Fact]
    public void A_reboot_while_clock_lost_stands_keeps_it_standing_quietly()
    {
        var sim = NewLock();
        sim.PowerCutAt(1000, 1000);
        sim.RunUntil(5000);
        long firstSeen = sim.Firmware!.Diagnosis.FirstSeenMs(FaultCode.ClockLost);
        Send(sim, "login " + Technician);
        Send(sim, "reboot");
        sim.RunUntil(sim.NowMs + 3000);
        var fw = sim.Firmware!;
        Assert.True(fw.Diagnosis.IsActive(FaultCode.ClockLost));
        Assert.Equal(firstSeen, fw.Diagnosis.FirstSeenMs(FaultCode.ClockLost));
        Assert.False(fw.WallClockSet);
        Assert.Single(sim.Events, e => e.Kind == LockEventKind.Fault && e.Code == (int)FaultCode.ClockLost);
    }

    [Fact]
    public void A_reboot_that_could_not_store_the_clock_raises_clock_lost()
    {
        // The lock has deep-slept (record 16 holds a sleep record); the reboot's own write fails, so the start finds
        // nothing it can trust about the wall clock.
        var sim = NewLock();
        sim.RunUntil(5 * 60000);
        Assert.True(sim.DeepSleeps >= 1);
        Send(sim, "login " + Technician, 5000);
        sim.Storage.FailWrites = true;
        Send(sim, "reboot");
        sim.RunUntil(sim.NowMs + 3000);
        sim.Storage.FailWrites = false;
        var fw = sim.Firmware!;
        Assert.True(fw.Diagnosis.IsActive(FaultCode.ClockLost));
        Assert.False(fw.WallClockSet);
        Assert.Equal("false", Value(Send(sim, "status"), "clock_set"));
    }
}

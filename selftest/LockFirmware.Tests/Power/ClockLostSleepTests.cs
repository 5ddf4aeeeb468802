using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using Xunit;

namespace LockFirmware.Tests.Power;

/// <summary>
/// <c>clock_lost</c> stands from every power loss (a battery change) until someone sets the clock, which owners without a
/// console never do: it must not keep the lock in light sleep (19 mAh/day against 0.5, docs/power.md), nor be lost by a sleep.
/// </summary>
public class ClockLostSleepTests
{
    private const long Minute = 60000;
    private const long Hour = 60 * Minute;

    [Fact]
    public void After_a_power_cut_the_lock_deep_sleeps_with_clock_lost_standing_and_keeps_it_across_the_wakes()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.PowerCutAt(2000, 1000);
        sim.RunUntil(10000);
        long firstSeen = sim.Firmware!.Diagnosis.FirstSeenMs(FaultCode.ClockLost);
        Assert.True(sim.Firmware.Diagnosis.IsActive(FaultCode.ClockLost));

        sim.RunUntil(5 * Minute);
        Assert.True(sim.McuDeepAsleep, "clock_lost does not hold the lock in light sleep");
        double before = sim.Energy.TotalCoulombs;
        sim.RunUntil(5 * Minute + 24 * Hour);
        double mahPerDay = (sim.Energy.TotalCoulombs - before) / 3.6;
        Assert.True(sim.DeepSleeps >= 24, $"slept through the hourly wakes ({sim.DeepSleeps} deep sleeps)");
        // Light sleep alone is 0.8 mA = 19.2 mAh/day; deep sleep with the hourly wakes ~0.5 (docs/power.md).
        Assert.True(mahPerDay < 1.0, $"{mahPerDay:F2} mAh/day");

        var fw = sim.ReportedFirmware!;
        Assert.True(fw.WokeFromDeepSleep);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.ClockLost), "the wakes did not lose clock_lost");
        Assert.False(fw.WallClockSet);
        Assert.Equal(firstSeen, fw.Diagnosis.FirstSeenMs(FaultCode.ClockLost));
        // Raised once by the power-on, quietly back at each wake: not news, never cleared.
        Assert.Single(sim.Events, e => e.Kind == LockEventKind.Fault && e.Code == (int)FaultCode.ClockLost);
        Assert.DoesNotContain(sim.Events, e => e.Kind == LockEventKind.FaultCleared && e.Code == (int)FaultCode.ClockLost);
    }

    [Fact]
    public void Setting_the_clock_after_a_wake_clears_clock_lost_and_it_stays_cleared_across_the_next_sleep()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.PowerCutAt(2000, 1000);
        sim.RunUntil(2 * Hour);
        Assert.True(sim.McuDeepAsleep);
        sim.ConsoleAt(2 * Hour, "login 24681357");
        sim.ConsoleAt(2 * Hour + 2000, "set clock 1780000000");
        sim.ConsoleAt(2 * Hour + 3000, "logout");
        sim.RunUntil(2 * Hour + 4000);
        Assert.False(sim.Firmware!.Diagnosis.IsActive(FaultCode.ClockLost));
        Assert.True(sim.Firmware.WallClockSet);
        sim.RunUntil(4 * Hour);
        Assert.True(sim.McuDeepAsleep);
        var fw = sim.ReportedFirmware!;
        Assert.True(fw.WokeFromDeepSleep);
        Assert.False(fw.Diagnosis.IsActive(FaultCode.ClockLost));
        Assert.True(fw.WallClockSet);
    }
}

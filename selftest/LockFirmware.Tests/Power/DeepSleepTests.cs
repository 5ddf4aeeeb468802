using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Hal;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Power;

/// <summary>Deep sleep between events through the simulator: the firmware's RAM is lost and restored from storage.</summary>
public class DeepSleepTests
{
    private const long Minute = 60000;

    [Fact]
    public void A_technician_session_left_open_ends_at_its_time_and_the_lock_then_sleeps_deep()
    {
        // The idle session used to end only at the next console line: a technician who walked away without `logout` kept
        // the lock awake (no deep sleep in a session) until someone typed again (blind acceptance tests, 2026-11-28).
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.ConsoleAt(1000, "login 24681357");
        sim.RunUntil(1000 + LockFirmware.Service.ConsoleSession.SessionTimeoutMs - Minute);
        Assert.False(sim.McuDeepAsleep, "asleep inside the session");
        Assert.Equal(LockFirmware.Service.ConsoleState.Technician, sim.Firmware!.Console.State);
        sim.RunUntil(1000 + LockFirmware.Service.ConsoleSession.SessionTimeoutMs + 2000);
        Assert.True(sim.McuDeepAsleep, "still awake after the session's time");
        Assert.Equal(LockFirmware.Service.ConsoleState.Guest, sim.ReportedFirmware!.Console.State);
    }

    [Fact]
    public void A_key_press_wakes_the_lock_and_the_code_typed_after_it_unlocks()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.RunUntil(5 * Minute);
        Assert.True(sim.McuDeepAsleep, "asleep a minute after the last activity");
        Assert.Null(sim.Firmware);
        Assert.Equal(LockState.Locked, sim.ReportedFirmware!.LockState);

        sim.TypeKeys(5 * Minute + 1000, "123456#");
        sim.RunUntil(5 * Minute + 10000);

        Assert.NotNull(sim.Firmware);
        Assert.True(sim.Firmware!.WokeFromDeepSleep);
        Assert.Equal(LockState.Unlocked, sim.Firmware.LockState);
        Assert.Equal(1, sim.Unlocks);
        Assert.DoesNotContain(AlarmCode.LockPowerCycled, sim.Alarms);
        Assert.DoesNotContain(FaultCode.ClockLost, sim.FaultsSeen);
    }

    [Fact]
    public void A_door_forced_open_during_deep_sleep_is_seen_on_waking()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.RunUntil(5 * Minute);
        Assert.True(sim.McuDeepAsleep);
        sim.At(5 * Minute + 1000, () => sim.Plant.ForceDoorOpen());
        sim.RunUntil(5 * Minute + 5000);

        Assert.Contains(AlarmCode.DoorForcedOpen, sim.Alarms);
        Assert.Equal(DoorState.ForcedOpen, sim.Firmware!.DoorState);
        // An open door keeps the lock in light sleep (its reed reads high and cannot be armed for an ext1 wake).
        sim.RunUntil(10 * Minute);
        Assert.False(sim.McuDeepAsleep);
    }

    [Fact]
    public void A_key_turned_by_hand_during_deep_sleep_is_a_manual_unlock_and_the_gauge_carries_on()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.RunUntil(5 * Minute);
        long usedBefore = sim.ReportedFirmware!.Battery.Estimator.UsedMicrocoulombs;
        Assert.True(usedBefore > 0);
        sim.At(3 * 3600000L, () => sim.Plant.ManualTurn(false));
        sim.RunUntil(3 * 3600000L + 5000);

        var fw = sim.Firmware!;
        Assert.Equal(LockState.Unlocked, fw.LockState);
        Assert.Contains(sim.Events, e => e.Kind == LockEventKind.Operation && e.Code == (int)LockOperation.Unlock && e.Detail == (int)OperationSource.Manual);
        // The coulomb count survived three hours of sleeps and hourly wakes, and counted them: ~22 uA asleep plus a
        // 36 mC boot per wake.
        long slept = fw.Battery.Estimator.UsedMicrocoulombs - usedBefore;
        Assert.InRange(slept, 3 * 3600L * 22 + 2 * 36000, 3 * 3600L * 22 + 4 * 36000 + 300000);
        Assert.True(sim.DeepSleeps >= 3);
    }
}

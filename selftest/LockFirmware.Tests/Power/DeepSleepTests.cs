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

/// <summary>Warnings the lock keeps working under must not keep it out of deep sleep, nor be lost by one.</summary>
public class DeepSleepWithWarningsTests
{
    private const long Minute = 60000;

    [Fact]
    public void A_stiff_actuator_warning_sleeps_deep_and_is_still_active_after_the_wake()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.At(1000, () => sim.Plant.Inject(PlantFault.StiffActuator(2.0)));
        sim.TypeKeys(2000, "123456#");
        sim.TypeKeys(12000, "#");
        sim.RunUntil(20000);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.StiffActuator), "the stiff bolt was named");
        long firstSeen = sim.Firmware.Diagnosis.FirstSeenMs(FaultCode.StiffActuator);

        sim.RunUntil(5 * Minute);
        Assert.True(sim.McuDeepAsleep, "a warning the lock works under does not hold it in light sleep");

        sim.TypeKeys(5 * Minute + 1000, "123456#");
        sim.RunUntil(5 * Minute + 10000);
        var fw = sim.Firmware!;
        Assert.True(fw.WokeFromDeepSleep);
        Assert.Equal(LockState.Unlocked, fw.LockState);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.StiffActuator), "stiff_actuator survived the sleep (or was re-raised by the stroke)");
        Assert.Equal(firstSeen, fw.Diagnosis.FirstSeenMs(FaultCode.StiffActuator));
        Assert.DoesNotContain(sim.Events, e => e.Kind == LockEventKind.FaultCleared && e.Code == (int)FaultCode.StiffActuator);
    }

    [Fact]
    public void A_door_sensor_fault_comes_back_from_deep_sleep_with_the_door_state_unknown()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        // One entry with the reed working (entries count only once it has been seen to move), then it sticks.
        sim.At(21000, () => sim.Plant.Inject(PlantFault.DoorSensorStuck(ContactLevel.Closed)));
        for (int i = 0; i < 4; i++)
        {
            long t = 2000 + i * 20000L;
            sim.TypeKeys(t, "123456#");
            sim.At(t + 5000, () => sim.Plant.SetDoor(true));
            sim.At(t + 8000, () => sim.Plant.SetDoor(false));
            sim.TypeKeys(t + 10000, "#");
        }
        sim.RunUntil(90000);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.DoorSensorFault));

        sim.RunUntil(5 * Minute);
        Assert.True(sim.McuDeepAsleep);
        // The hourly timer wake: no stroke, no key, nothing that could re-raise it.
        sim.RunUntil(70 * Minute);
        Assert.True(sim.DeepSleeps >= 2);
        var fw = sim.ReportedFirmware!;
        Assert.True(fw.Diagnosis.IsActive(FaultCode.DoorSensorFault));
        Assert.Equal(DoorState.UnspecifiedError, fw.DoorState);
        Assert.DoesNotContain(sim.Events, e => e.Kind == LockEventKind.FaultCleared && e.Code == (int)FaultCode.DoorSensorFault);
    }

    [Fact]
    public void A_provisional_misalignment_sleeps_deep_and_the_door_open_stall_after_the_wake_still_turns_it_into_a_jam()
    {
        // Debris at the strike face: the door-closed stall is provisionally misalignment (docs/actuation.md, strike evidence).
        var sim = new SimulatedLock(new SimOptions { StartLocked = false });
        sim.At(200, () => sim.Plant.Inject(new PlantFault { Kind = PlantFaultKind.Jam, PositionMm = 4.0, StiffnessNPerMm = 300 }));
        sim.RunUntil(sim.TypeKeys(1000, "#") + 8000);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.Misalignment));
        int face = sim.Firmware.Calibration.StrikeFaceTenthsMm;
        Assert.NotEqual(0, face);

        sim.RunUntil(5 * Minute);
        Assert.True(sim.McuDeepAsleep, "a misaligned strike the lock works under does not hold it in light sleep");

        // Hours later the owner opens the door (the reed wakes the lock) and locks: the bolt stops at the same place.
        sim.At(3 * 3600000L, () => sim.Plant.SetDoor(true));
        sim.RunUntil(sim.TypeKeys(3 * 3600000L + 3000, "#") + 8000);
        var fw = sim.Firmware!;
        Assert.True(fw.WokeFromDeepSleep);
        Assert.Equal(LockFirmware.Actuation.StrokeEnd.Jammed, fw.Drive.Record.End);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Jam));
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Misalignment));
        Assert.Equal(0, fw.Calibration.StrikeFaceTenthsMm);
        Assert.Contains(sim.Events, e => e.Kind == LockEventKind.FaultCleared && e.Code == (int)FaultCode.Misalignment);
    }
}

using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Hal;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Power;

/// <summary>Warnings and sensor faults the lock keeps working under must not keep it out of deep sleep, nor be lost by one.</summary>
public class DeepSleepWithWarningsTests
{
    private const long Minute = 60000;

    [Fact]
    public void A_stiff_actuator_warning_sleeps_deep_and_is_still_active_after_the_wake()
    {
        var sim = LockFirmware.Tests.Diagnosis.StiffActuatorLock.AfterOneCycle();
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
    public void A_lying_limit_switch_sleeps_deep_at_the_good_end_and_light_at_the_silent_one()
    {
        // Extended switch stuck open: the lock ends on the end-stop current, bolt_sensor_fault. Locked, the bolt rests at
        // the silent switch and a key turn could not wake a deep sleep: light sleep. Unlocked, the retracted switch reads
        // closed: deep sleep, and the fault (with which switch lies) comes back after the hourly wake.
        var sim = new SimulatedLock(new SimOptions { StartLocked = false });
        var stuck = PlantFault.LimitSwitchStuck(LimitSwitchId.Extended, ContactLevel.Open);
        sim.At(1000, () => sim.Plant.Inject(stuck));
        // Auto-relock off, so the bolt stays at the good end once unlocked.
        sim.ConsoleAt(1200, "login 24681357");
        sim.ConsoleAt(1500, "set autorelock_s 0");
        sim.ConsoleAt(1800, "logout");
        sim.TypeKeys(2000, "#");
        sim.RunUntil(5 * Minute);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.BoltSensorFault));
        Assert.Equal(LockState.Locked, sim.Firmware.LockState);
        Assert.False(sim.McuDeepAsleep, "at the silent switch the lock polls in light sleep");

        sim.TypeKeys(5 * Minute, "123456#");
        sim.RunUntil(75 * Minute);
        Assert.True(sim.McuDeepAsleep, "unlocked, at a switch that works, bolt_sensor_fault does not hold the lock awake");
        Assert.True(sim.DeepSleeps >= 2, "slept through at least one hourly wake");
        var fw = sim.ReportedFirmware!;
        Assert.True(fw.Diagnosis.IsActive(FaultCode.BoltSensorFault));
        Assert.Equal(LockState.Unlocked, fw.LockState);
        Assert.DoesNotContain(sim.Events, e => e.Kind == LockEventKind.FaultCleared && e.Code == (int)FaultCode.BoltSensorFault);

        // The suspect switch came back with the record: the good switch ending the next unlock does not clear it, the
        // repaired extended switch ending a lock does.
        sim.TypeKeys(75 * Minute + 1000, "#");
        sim.TypeKeys(75 * Minute + 11000, "123456#");
        sim.RunUntil(75 * Minute + 20000);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.BoltSensorFault));
        sim.At(75 * Minute + 21000, () => sim.Plant.Clear(stuck.Kind));
        sim.TypeKeys(75 * Minute + 22000, "#");
        sim.RunUntil(75 * Minute + 30000);
        Assert.False(sim.Firmware!.Diagnosis.IsActive(FaultCode.BoltSensorFault));
        Assert.Equal(LockState.Locked, sim.Firmware.LockState);
    }

    [Fact]
    public void A_current_sensor_fault_sleeps_deep_and_is_still_active_after_the_wake()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.At(1000, () => sim.Plant.Inject(PlantFault.AdcStuck(AdcChannelId.MotorCurrent, 1500)));
        sim.RunUntil(3 * Minute);
        Assert.True(sim.ReportedFirmware!.Diagnosis.IsActive(FaultCode.CurrentSensorFault));
        sim.RunUntil(75 * Minute);
        Assert.True(sim.McuDeepAsleep);
        Assert.True(sim.DeepSleeps >= 2);
        Assert.True(sim.ReportedFirmware!.Diagnosis.IsActive(FaultCode.CurrentSensorFault));
        Assert.Single(sim.Events, e => e.Kind == LockEventKind.Fault && e.Code == (int)FaultCode.CurrentSensorFault);
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

    [Fact]
    public void A_jam_sleeps_deep_with_the_door_state_jammed_and_clears_on_the_first_full_stroke_after_the_wake()
    {
        // The lock gives up with the bolt back at its origin end: nothing of the jam lives only in RAM any more.
        var sim = new SimulatedLock(new SimOptions { StartLocked = false });
        sim.At(200, () => sim.Plant.Inject(PlantFault.Jam(12)));
        sim.RunUntil(sim.TypeKeys(1000, "#") + 8000);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.Jam));
        sim.RunUntil(5 * Minute);
        Assert.True(sim.McuDeepAsleep, "a jammed lock at rest sleeps deep");

        // An hourly wake and back: still jammed, door state still jammed.
        sim.RunUntil(70 * Minute);
        Assert.True(sim.DeepSleeps >= 2);
        sim.At(3 * 3600000L, () => sim.Plant.Clear(PlantFaultKind.Jam));
        long typed = sim.TypeKeys(3 * 3600000L + 1000, "123456#");
        sim.RunUntil(typed + 100);
        var woke = sim.Firmware!;
        Assert.True(woke.WokeFromDeepSleep);
        Assert.True(woke.Diagnosis.IsActive(FaultCode.Jam));
        Assert.Equal(DoorState.Jammed, woke.DoorState);
        // The obstacle is gone: the owner locks, the full stroke is the evidence.
        sim.RunUntil(sim.TypeKeys(typed + 3000, "#") + 4000);
        var fw = sim.Firmware!;
        Assert.Equal(LockState.Locked, fw.LockState);
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Jam));
        Assert.Equal(DoorState.Closed, fw.DoorState);
    }
}

using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Diagnosis;

/// <summary>
/// The sensor-fault evidence rules of docs/diagnosis.md, run through the simulator: a door reed that never moves while
/// people come in by code, a battery reading that never sags under the motor or shows no ADC noise, a current channel
/// that does not return to its bias with the bridge off.
/// </summary>
public class SensorEvidenceTests
{
    /// <summary>A lock on the reference hardware (20 C, fresh alkaline pack), locked, with the fault injected at 1 s.</summary>
    private static SimulatedLock NewLock(PlantFault? fault, int seed = 3, PlantParameters? hardware = null)
    {
        var sim = new SimulatedLock(new SimOptions { Seed = seed, Hardware = hardware ?? new PlantParameters(), StartLocked = true });
        if (fault != null) sim.At(1000, () => sim.Plant.Inject(fault));
        return sim;
    }

    /// <summary>When the stuck-reed tests start their entries: after one entry made with the reed still working.</summary>
    private const long UsedMs = 20000;

    /// <summary>
    /// A lock whose door was used once with a working reed (an entry at 2 s), the reed fault injected at
    /// <see cref="UsedMs"/> + 1 s: entries only count once the reed has been seen to move (DoorSensorEvidence).
    /// </summary>
    private static SimulatedLock NewUsedLock(PlantFault fault)
    {
        var sim = NewLock(null);
        Entries(sim, 1);
        sim.At(UsedMs + 1000, () => sim.Plant.Inject(fault));
        return sim;
    }

    /// <summary>Owner comes in by code <paramref name="entries"/> times: code, open the door, close it, lock with "#".</summary>
    private static void Entries(SimulatedLock sim, int entries, bool openDoor = true, long startMs = 2000)
    {
        for (int i = 0; i < entries; i++)
        {
            long t = startMs + i * 20000L;
            sim.TypeKeys(t, "123456#");
            if (openDoor)
            {
                sim.At(t + 5000, () => sim.Plant.SetDoor(true));
                sim.At(t + 8000, () => sim.Plant.SetDoor(false));
            }
            sim.TypeKeys(t + 10000, "#");
        }
    }

    [Theory]
    [InlineData(ContactLevel.Closed)]
    [InlineData(ContactLevel.Open)]
    public void Stuck_reed_is_named_after_three_entries_and_not_before(ContactLevel level)
    {
        var sim = NewUsedLock(PlantFault.DoorSensorStuck(level));
        Entries(sim, 3, startMs: UsedMs + 2000);
        sim.RunUntil(UsedMs + 2000 + 2 * 20000 + 9000);
        Assert.DoesNotContain(FaultCode.DoorSensorFault, sim.FaultsSeen);
        sim.RunUntil(UsedMs + 2000 + 3 * 20000);
        Assert.Contains(FaultCode.DoorSensorFault, sim.FaultsSeen);
        var fw = sim.Firmware!;
        Assert.Equal(DoorState.UnspecifiedError, fw.DoorState);
        Assert.False(fw.Diagnosis.IsActive(FaultCode.DoorForcedOpen));
        Assert.False(fw.Diagnosis.IsActive(FaultCode.DoorAjar));
        Assert.Equal(LockState.Locked, fw.LockState);
    }

    [Fact]
    public void Stuck_reed_evidence_survives_the_deep_sleeps_between_entries()
    {
        // Entries five minutes apart: the lock deep-sleeps (an MCU restart) between them, and the count must carry.
        var sim = NewUsedLock(PlantFault.DoorSensorStuck(ContactLevel.Closed));
        bool sleptBetween = false;
        for (int i = 0; i < 3; i++)
        {
            long t = UsedMs + 2000 + i * 300000L;
            sim.TypeKeys(t, "123456#");
            sim.TypeKeys(t + 10000, "#");
            sim.At(t + 200000, () => sleptBetween |= sim.McuDeepAsleep);
        }
        sim.RunUntil(UsedMs + 2000 + 2 * 300000 - 1000);
        Assert.True(sleptBetween);
        Assert.DoesNotContain(FaultCode.DoorSensorFault, sim.FaultsSeen);
        sim.RunUntil(UsedMs + 2000 + 2 * 300000 + 30000);
        Assert.Equal(4, sim.ReportedFirmware!.Locks);
        Assert.Contains(FaultCode.DoorSensorFault, sim.FaultsSeen);
    }

    [Fact]
    public void A_pending_keypad_unlock_survives_a_deep_sleep_before_the_lock()
    {
        // Auto-relock off: the lock deep-sleeps (an MCU restart) while unlocked, between the code and the "#" five
        // minutes later. The unlock's time must come back with the sleep record, or no entry would ever count.
        var sim = NewUsedLock(PlantFault.DoorSensorStuck(ContactLevel.Closed));
        sim.ConsoleAt(1200, "login 24681357");
        sim.ConsoleAt(1500, "set autorelock_s 0");
        sim.ConsoleAt(1800, "logout");
        bool sleptWhileUnlocked = false;
        for (int i = 0; i < 3; i++)
        {
            long t = UsedMs + 3000 + i * 600000L;
            sim.TypeKeys(t, "123456#");
            sim.At(t + 200000, () => sleptWhileUnlocked |= sim.McuDeepAsleep && sim.Plant.BoltMm < 5);
            sim.TypeKeys(t + 300000, "#");
        }
        sim.RunUntil(UsedMs + 3000 + 2 * 600000 + 290000);
        Assert.True(sleptWhileUnlocked);
        Assert.DoesNotContain(FaultCode.DoorSensorFault, sim.FaultsSeen);
        sim.RunUntil(UsedMs + 3000 + 2 * 600000 + 320000);
        Assert.Equal(4, sim.ReportedFirmware!.Locks);
        Assert.Contains(FaultCode.DoorSensorFault, sim.FaultsSeen);
    }

    [Fact]
    public void Working_reed_through_the_same_entries_names_nothing()
    {
        var sim = NewLock(null);
        Entries(sim, 5);
        sim.RunUntil(2000 + 5 * 20000);
        Assert.Equal(5, sim.Firmware!.Unlocks);
        Assert.DoesNotContain(FaultCode.DoorSensorFault, sim.FaultsSeen);
        Assert.Equal(DoorState.Closed, sim.Firmware.DoorState);
    }

    [Fact]
    public void Unlock_and_relock_without_entering_twice_is_not_enough()
    {
        // Two changes of mind in a row (code, then "#" without opening the door) are ordinary use.
        var sim = NewLock(null);
        Entries(sim, 2, openDoor: false);
        sim.RunUntil(2000 + 2 * 20000);
        Assert.Equal(2, sim.Firmware!.Locks);
        Assert.DoesNotContain(FaultCode.DoorSensorFault, sim.FaultsSeen);
    }

    [Fact]
    public void A_reed_seen_working_before_a_battery_change_is_judged_after_it()
    {
        // The door was used once (the reed moved), then the batteries come out for 2 s and the reed is stuck when the lock
        // restarts. The RAM is gone, but "seen working" is stored with the calibration: the three entries that follow
        // name the stuck reed.
        var sim = NewLock(null);
        Entries(sim, 1);
        sim.PowerCutAt(UsedMs, 2000);
        sim.At(UsedMs + 1000, () => sim.Plant.Inject(PlantFault.DoorSensorStuck(ContactLevel.Closed)));
        Entries(sim, 3, startMs: UsedMs + 4000);
        sim.RunUntil(UsedMs + 4000 + 2 * 20000 + 9000);
        Assert.DoesNotContain(FaultCode.DoorSensorFault, sim.FaultsSeen);
        sim.RunUntil(UsedMs + 4000 + 3 * 20000);
        Assert.Contains(FaultCode.DoorSensorFault, sim.FaultsSeen);
        Assert.Contains(AlarmCode.LockPowerCycled, sim.Alarms);
    }

    [Fact]
    public void Lock_worked_by_code_before_the_door_was_ever_opened_names_nothing()
    {
        // Six code-then-"#" cycles 8 s apart (slow enough to count as entries), the door never touched since start-up:
        // a lock being tried out after fitting. A reed that has not moved since start-up is what a working reed on an
        // unopened door shows, so none of them counts.
        var sim = NewLock(null);
        Entries(sim, 6, openDoor: false);
        sim.RunUntil(2000 + 6 * 20000);
        Assert.Equal(6, sim.Firmware!.Locks);
        Assert.DoesNotContain(FaultCode.DoorSensorFault, sim.FaultsSeen);
        Assert.Equal(DoorState.Closed, sim.Firmware.DoorState);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Owner_who_relocks_at_once_five_times_is_not_taken_for_a_stuck_reed(bool doorSeenMovingBefore)
    {
        // Checking the code or changing one's mind: "#" a few seconds after the code, the door never touched. With the
        // reed working it rightly does not move, whether or not it was seen to move earlier.
        var sim = NewLock(null);
        long t0 = 2000;
        if (doorSeenMovingBefore)
        {
            Entries(sim, 1);
            t0 += 20000;
        }
        for (int i = 0; i < 5; i++)
        {
            long t = t0 + i * 20000L;
            sim.TypeKeys(t, "123456#");
            sim.TypeKeys(t + 4000 + (i % 3) * 1000, "#");
        }
        sim.RunUntil(t0 + 5 * 20000);
        Assert.Equal(doorSeenMovingBefore ? 6 : 5, sim.Firmware!.Locks);
        Assert.DoesNotContain(FaultCode.DoorSensorFault, sim.FaultsSeen);
        Assert.Equal(DoorState.Closed, sim.Firmware.DoorState);
    }

    [Fact]
    public void Quick_relocks_between_entries_neither_count_nor_hide_a_stuck_reed()
    {
        // Two entries, then three changes of mind, then a third entry: the stuck reed is named on the third entry,
        // not on the third unlock-lock cycle.
        var sim = NewUsedLock(PlantFault.DoorSensorStuck(ContactLevel.Closed));
        Entries(sim, 2, startMs: UsedMs + 2000);
        long t = UsedMs + 2000 + 2 * 20000L;
        for (int i = 0; i < 3; i++, t += 20000)
        {
            sim.TypeKeys(t, "123456#");
            sim.TypeKeys(t + 5000, "#");
        }
        sim.RunUntil(t);
        Assert.Equal(6, sim.Firmware!.Locks);
        Assert.DoesNotContain(FaultCode.DoorSensorFault, sim.FaultsSeen);
        sim.TypeKeys(t, "123456#");
        sim.At(t + 5000, () => sim.Plant.SetDoor(true));
        sim.At(t + 8000, () => sim.Plant.SetDoor(false));
        sim.TypeKeys(t + 10000, "#");
        sim.RunUntil(t + 15000);
        Assert.Equal(7, sim.Firmware.Locks);
        Assert.Contains(FaultCode.DoorSensorFault, sim.FaultsSeen);
    }

    [Fact]
    public void Code_then_auto_relock_without_entering_does_not_count()
    {
        // Nobody has to pass the door for auto-relock: four codes left to relock by themselves are not evidence.
        var sim = NewLock(null);
        for (int i = 0; i < 4; i++) sim.TypeKeys(2000 + i * 45000L, "123456#");
        sim.RunUntil(2000 + 4 * 45000);
        Assert.Equal(4, sim.Firmware!.Unlocks);
        Assert.Equal(4, sim.Firmware.Locks);
        Assert.DoesNotContain(FaultCode.DoorSensorFault, sim.FaultsSeen);
    }

    [Fact]
    public void Reed_that_moves_again_clears_door_sensor_fault()
    {
        var fault = PlantFault.DoorSensorStuck(ContactLevel.Closed);
        var sim = NewUsedLock(fault);
        Entries(sim, 3, startMs: UsedMs + 2000);
        sim.RunUntil(UsedMs + 2000 + 3 * 20000);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.DoorSensorFault));
        long t = UsedMs + 2000 + 3 * 20000;
        sim.At(t, () => sim.Plant.Clear(fault.Kind));
        sim.TypeKeys(t + 1000, "123456#");
        sim.At(t + 6000, () => sim.Plant.SetDoor(true));
        sim.RunUntil(t + 7000);
        Assert.False(sim.Firmware.Diagnosis.IsActive(FaultCode.DoorSensorFault));
        Assert.Equal(DoorState.Open, sim.Firmware.DoorState);
    }

    [Theory]
    [InlineData(1500)]
    [InlineData(1800)]
    [InlineData(2200)]
    public void Battery_channel_stuck_at_a_plausible_value_is_named_without_a_battery_level(int counts)
    {
        var sim = NewLock(PlantFault.AdcStuck(AdcChannelId.Battery, counts));
        Entries(sim, 2);
        sim.RunUntil(2000 + 2 * 20000);
        Assert.Contains(FaultCode.BatterySensorFault, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.BatteryLow, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.BatteryCritical, sim.FaultsSeen);
    }

    [Fact]
    public void Battery_channel_stuck_before_a_stroke_is_named_before_the_motor_runs_and_clears_when_it_lives_again()
    {
        var fault = PlantFault.AdcStuck(AdcChannelId.Battery, 1900);
        var sim = NewLock(fault);
        sim.TypeKeys(2000, "123456#");
        long? motorAt = null;
        sim.OnStep = s => { if (motorAt == null && s.NowMs > 2000 && s.Plant.MotorEnergised) motorAt = s.NowMs; };
        sim.RunUntil(8000);
        var raised = sim.Events.First(e => e.Kind == LockFirmware.Runtime.LockEventKind.Fault && e.Code == (int)FaultCode.BatterySensorFault);
        Assert.NotNull(motorAt);
        Assert.True(raised.TMs <= motorAt, $"named at {raised.TMs} ms, motor from {motorAt} ms");
        Assert.Equal(LockState.Unlocked, sim.Firmware!.LockState);
        sim.At(9000, () => sim.Plant.Clear(fault.Kind));
        sim.TypeKeys(10000, "#");
        sim.RunUntil(16000);
        Assert.False(sim.Firmware.Diagnosis.IsActive(FaultCode.BatterySensorFault));
        Assert.Equal(LockState.Locked, sim.Firmware.LockState);
    }

    [Theory]
    // Units on which a frozen battery reading used to end in false jams (DiagnosisBench, adc_stuck battery): a rail
    // reading taught the drive a winding resistance measured against the wrong voltage, and a frozen plausible one
    // sized the brown-out duty cap so low that a stiff bolt stalled.
    [InlineData(Chemistry.Alkaline, 0.58, 6.1, 1.50, 4095)]
    [InlineData(Chemistry.Nimh, 0.50, -27.3, 1.33, 4095)]
    [InlineData(Chemistry.Nimh, 0.59, -3.7, 1.57, 874)]
    [InlineData(Chemistry.Lithium, 0.58, 28.0, 1.53, 881)]
    public void Frozen_battery_reading_is_named_and_strokes_still_finish(Chemistry chemistry, double soc, double temperatureC, double friction, int counts)
    {
        var hw = new PlantParameters { Chemistry = chemistry, StateOfCharge = soc, TemperatureC = temperatureC, FrictionFactor = friction };
        var sim = NewLock(PlantFault.AdcStuck(AdcChannelId.Battery, counts), hardware: hw);
        Entries(sim, 5);
        sim.RunUntil(2000 + 5 * 20000);
        Assert.Contains(FaultCode.BatterySensorFault, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.Jam, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.Misalignment, sim.FaultsSeen);
        Assert.Equal(5, sim.Firmware!.Unlocks);
        Assert.Equal(5, sim.Firmware.Locks);
        Assert.Equal(LockState.Locked, sim.Firmware.LockState);
    }

    [Theory]
    [InlineData(Chemistry.Alkaline, 0.3, -20.0)]
    [InlineData(Chemistry.Lithium, 1.0, 60.0)]
    [InlineData(Chemistry.Nimh, 0.9, 40.0)]
    public void Live_battery_channel_is_never_called_stuck(Chemistry chemistry, double soc, double temperatureC)
    {
        // The least sag a real pack shows: a full lithium pack at 60 C; the most: a cold, low alkaline one.
        var sim = NewLock(null, seed: 5, hardware: new PlantParameters { Chemistry = chemistry, StateOfCharge = soc, TemperatureC = temperatureC });
        Entries(sim, 4);
        // Ends inside the awake window after the last entry (LockController.AwakeWindowMs), so the firmware is running to ask.
        sim.RunUntil(2000 + 4 * 20000 + 40000);
        Assert.DoesNotContain(FaultCode.BatterySensorFault, sim.FaultsSeen);
        Assert.False(sim.Firmware!.SelfTest.BatteryFrozen);
    }

    [Theory]
    [InlineData(90)]
    [InlineData(1200)]
    [InlineData(2600)]
    [InlineData(3500)]
    public void Current_channel_stuck_mid_scale_is_the_sensor_not_the_motor(int counts)
    {
        var sim = NewLock(PlantFault.AdcStuck(AdcChannelId.MotorCurrent, counts));
        Entries(sim, 2);
        sim.RunUntil(2000 + 2 * 20000);
        Assert.Contains(FaultCode.CurrentSensorFault, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.MotorShort, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.MotorOpenCircuit, sim.FaultsSeen);
    }

    [Fact]
    public void Current_sensor_fault_clears_on_the_first_full_stroke_after_the_channel_lives_again()
    {
        // Named by the stroke it spoiled; the channel is mended; the next full stroke (bias and noise right with the bridge
        // off, a running motor's current under drive) clears it at once, not at the next minute's check.
        var sim = NewLock(null);
        sim.At(1000, () => sim.Plant.Inject(PlantFault.AdcStuck(AdcChannelId.MotorCurrent, 1500)));
        sim.RunUntil(sim.TypeKeys(2000, "123456#") + 3000);
        var fw = sim.Firmware!;
        Assert.True(fw.Diagnosis.IsActive(FaultCode.CurrentSensorFault));
        // The owner's unlock ran again on the limit switches once the sensor was named (BoltDrive.CurrentSensorSuspect).
        Assert.Equal(LockState.Unlocked, fw.LockState);
        long mended = sim.NowMs + 100;
        sim.At(mended, () => sim.Plant.Clear(PlantFaultKind.AdcStuck));
        // The next full stroke, a lock, still runs without believing the channel but records what it reads: a running
        // motor's current, and the bias with the bridge off after it.
        long typed = sim.TypeKeys(mended + 500, "#");
        sim.RunUntil(typed + 2000);
        Assert.Equal(LockState.Locked, fw.LockState);
        Assert.False(fw.Diagnosis.IsActive(FaultCode.CurrentSensorFault));
        var cleared = sim.Events.Last(e => e.Kind == LockFirmware.Runtime.LockEventKind.FaultCleared && e.Code == (int)FaultCode.CurrentSensorFault);
        Assert.True(cleared.TMs < typed + 2000 && cleared.TMs > mended, $"cleared at {cleared.TMs} ms");
    }

    [Theory]
    [InlineData(PlantFaultKind.MotorShort, FaultCode.MotorShort)]
    [InlineData(PlantFaultKind.MotorOpenCircuit, FaultCode.MotorOpenCircuit)]
    public void Real_motor_faults_still_blame_the_motor(PlantFaultKind kind, FaultCode expected)
    {
        var sim = NewLock(kind == PlantFaultKind.MotorShort ? PlantFault.MotorShort(0.2) : PlantFault.MotorOpenCircuit());
        Entries(sim, 1);
        sim.RunUntil(2000 + 20000);
        Assert.Contains(expected, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.CurrentSensorFault, sim.FaultsSeen);
    }
}

/// <summary><c>locksim console</c>: the <c>sim</c> commands inject the sensor faults and the firmware's <c>diag</c> names them.</summary>
public class ConsoleSimCommandTests
{
    [Fact]
    public void Sim_commands_inject_a_stuck_battery_channel_and_diag_names_it()
    {
        var sim = new SimulatedLock(new SimOptions());
        var shown = new System.Text.StringBuilder();
        var host = new LockFirmware.Simulator.Cli.ConsoleHost(sim, s => shown.Append(s));
        host.Enqueue("sim inject adc_stuck channel=battery counts=1700");
        host.Enqueue("sim keys 123456#");
        host.Pump(8000);
        host.Enqueue("diag");
        host.Enqueue("sim status");
        host.Pump(9000);
        string text = shown.ToString();
        Assert.Contains("fault=battery_sensor_fault", text);
        Assert.Contains("battery_raw=1700", text);
        Assert.Contains("bolt_mm=", text);
        Assert.DoesNotContain(FaultCode.BatteryLow, sim.FaultsSeen);
    }

    [Fact]
    public void Sim_commands_drive_the_door_and_a_stuck_reed_is_named()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        var shown = new System.Text.StringBuilder();
        var host = new LockFirmware.Simulator.Cli.ConsoleHost(sim, s => shown.Append(s));
        // The first entry with the reed working, then the reed sticks and three more entries follow.
        for (int i = 0; i < 4; i++)
        {
            long t = 1000 + i * 20000L;
            if (i == 1)
            {
                host.Enqueue("sim inject door_sensor_stuck level=closed");
                host.Pump(t - 500);
            }
            host.Enqueue("sim keys 123456#");
            host.Pump(t + 5000);
            host.Enqueue("sim door open");
            host.Pump(t + 8000);
            host.Enqueue("sim door closed");
            host.Pump(t + 10000);
            host.Enqueue("sim keys #");
            host.Pump(t + 19000);
        }
        Assert.Contains(FaultCode.DoorSensorFault, sim.FaultsSeen);
        Assert.Equal(4, sim.Locks);
        host.Enqueue("status");
        host.Pump(82000);
        Assert.Contains("door_state=unspecified_error", shown.ToString());
    }
}

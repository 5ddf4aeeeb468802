using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Hal;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Tests.Foundation;

/// <summary>The first path through the whole product: keypad, code entry, bolt drive, limit switches, relock.</summary>
public class LockPathTests
{
    private sealed class TraceRecorder : ITransitionListener
    {
        public readonly List<(long T, TraceMachine M, int From, int To, TraceCause Cause)> Lines = new();
        public void OnTransition(long timeMs, int machine, int fromState, int toState, int cause) => Lines.Add((timeMs, (TraceMachine)machine, fromState, toState, (TraceCause)cause));
    }

    [Fact]
    public void A_valid_code_then_hash_unlocks_and_auto_relock_locks_again()
    {
        var sim = new SimulatedLock(new SimOptions());
        var rec = new TraceRecorder();
        sim.Firmware!.Trace.Listener = rec;
        long typed = sim.TypeKeys(1000, "123456#");
        sim.RunUntil(typed + 2000);
        Assert.Equal(LockState.Unlocked, sim.Firmware.LockState);
        Assert.True(sim.Plant.BoltMm < 1.0, $"bolt at {sim.Plant.BoltMm} mm");
        Assert.False(sim.Plant.MotorEnergised);
        Assert.Contains(rec.Lines, l => l.M == TraceMachine.Lock && l.From == (int)LockMachineState.Locked && l.To == (int)LockMachineState.Unlocking && l.Cause == TraceCause.UnlockRequest);
        Assert.Contains(rec.Lines, l => l.M == TraceMachine.BoltDrive && l.To == (int)DriveState.Braking && l.Cause == TraceCause.LimitReached);
        // The drive's own trace says which request started it (it said lock_request for unlocks too).
        Assert.Equal(TraceCause.UnlockRequest, rec.Lines.First(l => l.M == TraceMachine.BoltDrive && l.From == (int)DriveState.Idle).Cause);
        sim.RunUntil(typed + 2000 + 31000);
        Assert.Equal(TraceCause.LockRequest, rec.Lines.Last(l => l.M == TraceMachine.BoltDrive && l.From == (int)DriveState.Idle).Cause);
        Assert.Equal(LockState.Locked, sim.Firmware.LockState);
        Assert.True(sim.Plant.BoltMm > 24.0);
        Assert.Equal((1, 1), (sim.Unlocks, sim.Locks));
        Assert.Contains(sim.Events, e => e.Kind == LockEventKind.Operation && e.Code == (int)LockOperation.Lock && e.Detail == (int)OperationSource.Auto);
    }

    [Fact]
    public void Hash_alone_locks_and_a_locked_door_is_not_driven_again()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = false });
        long t = sim.TypeKeys(1000, "#");
        sim.RunUntil(t + 2000);
        Assert.Equal(LockState.Locked, sim.Firmware!.LockState);
        Assert.Equal(1, sim.Locks);
        t = sim.TypeKeys(sim.NowMs + 500, "#");
        sim.RunUntil(t + 2000);
        Assert.Equal(1, sim.Locks);
    }

    [Fact]
    public void A_wrong_code_is_refused_and_the_bolt_stays_put()
    {
        var sim = new SimulatedLock(new SimOptions());
        long t = sim.TypeKeys(1000, "111111#");
        sim.RunUntil(t + 2000);
        Assert.Equal(LockState.Locked, sim.Firmware!.LockState);
        Assert.Contains(sim.Events, e => e.Kind == LockEventKind.OperationError && e.Code == (int)OperationError.InvalidCredential);
        Assert.Equal(0, sim.Unlocks);
    }

    [Fact]
    public void Five_wrong_codes_lock_the_keypad_even_for_the_right_code_and_the_lockout_survives_a_battery_pull()
    {
        var sim = new SimulatedLock(new SimOptions());
        long t = 1000;
        for (int i = 0; i < CodeEntry.WrongCodeLimit; i++) t = sim.TypeKeys(t + 300, "999999#");
        sim.RunUntil(t + 500);
        Assert.Contains(AlarmCode.WrongCodeEntryLimit, sim.Alarms);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.KeypadLockout));
        sim.PowerCutAt(t + 1000, 2000);
        t = sim.TypeKeys(t + 5000, "123456#");
        sim.RunUntil(t + 3000);
        Assert.Equal(LockState.Locked, sim.Firmware!.LockState);
        Assert.Equal(0, sim.Unlocks);
        Assert.Equal(EntryState.LockedOut, sim.Firmware.Entry.State);
        // After the lockout the right code works again.
        t = sim.TypeKeys(t + CodeEntry.FirstLockoutMs + 1000, "123456#");
        sim.RunUntil(t + 3000);
        Assert.Equal(LockState.Unlocked, sim.Firmware.LockState);
    }

    [Fact]
    public void A_jam_while_locking_cuts_the_motor_raises_jam_and_returns_the_bolt_to_retracted()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = false });
        sim.At(500, () => sim.Plant.Inject(new PlantFault { Kind = PlantFaultKind.Jam, PositionMm = 12 }));
        long t = sim.TypeKeys(1000, "#");
        sim.RunUntil(t + 8000);
        var fw = sim.Firmware!;
        Assert.Contains(FaultCode.Jam, sim.FaultsSeen);
        Assert.Contains(AlarmCode.LockJammed, sim.Alarms);
        Assert.False(sim.Plant.MotorEnergised);
        Assert.True(sim.Plant.BoltMm < 1.0, $"bolt left at {sim.Plant.BoltMm} mm");
        Assert.Equal(LockState.Unlocked, fw.LockState);
        Assert.Equal(ActuationTuning.MaxAttempts, fw.Drive.Record.Attempts);
    }

    [Fact]
    public void A_cut_motor_wire_is_reported_as_open_circuit_without_moving()
    {
        var sim = new SimulatedLock(new SimOptions());
        sim.At(500, () => sim.Plant.Inject(new PlantFault { Kind = PlantFaultKind.MotorOpenCircuit }));
        long t = sim.TypeKeys(1000, "123456#");
        sim.RunUntil(t + 3000);
        Assert.Contains(FaultCode.MotorOpenCircuit, sim.FaultsSeen);
        Assert.Equal(LockState.Locked, sim.Firmware!.LockState);
        Assert.False(sim.Plant.MotorEnergised);
    }

    [Fact]
    public void Turning_the_key_by_hand_is_recorded_as_a_manual_operation()
    {
        var sim = new SimulatedLock(new SimOptions());
        sim.At(1000, () => sim.Plant.ManualTurn(false));
        sim.RunUntil(3000);
        Assert.Equal(LockState.Unlocked, sim.Firmware!.LockState);
        Assert.Contains(sim.Events, e => e.Kind == LockEventKind.Operation && e.Detail == (int)OperationSource.Manual);
    }

    [Fact]
    public void A_power_cut_mid_stroke_is_followed_by_a_positioning_run_and_a_power_cycled_alarm()
    {
        var sim = new SimulatedLock(new SimOptions());
        long t = sim.TypeKeys(1000, "123456#");
        // Cut power 300 ms after the code is accepted: the bolt is mid-way.
        sim.RunUntil(t);
        sim.PowerCutAt(t + 300, 2000);
        sim.RunUntil(t + 6000);
        var fw = sim.Firmware!;
        Assert.Contains(AlarmCode.LockPowerCycled, sim.Alarms);
        Assert.NotEqual(LockState.NotFullyLocked, fw.LockState);
        Assert.True(sim.Plant.BoltMm < 1.0 || sim.Plant.BoltMm > 24.0, $"bolt left mid-way at {sim.Plant.BoltMm} mm");
        Assert.True(fw.Diagnosis.IsActive(FaultCode.ClockLost));
    }

    [Fact]
    public void The_steady_state_loop_allocates_nothing()
    {
        var sim = new SimulatedLock(new SimOptions());
        // Warm-up: one full unlock/relock cycle so every path has run once.
        long t = sim.TypeKeys(1000, "123456#");
        sim.RunUntil(t + 40000);
        sim.FirmwareAllocatedBytes = 0;
        sim.FirmwarePolls = 0;
        t = sim.TypeKeys(sim.NowMs + 1000, "123456#");
        t = sim.TypeKeys(t + 2000, "#");
        sim.RunUntil(t + 120000);
        Assert.Equal(2, sim.Unlocks);
        Assert.True(sim.FirmwarePolls > 100, $"only {sim.FirmwarePolls} polls");
        Assert.Equal(0, sim.FirmwareAllocatedBytes);
    }

    [Fact]
    public void A_door_that_reads_open_while_locked_does_not_keep_the_firmware_awake()
    {
        // The door-ajar deadline applies only to a door that is merely open; forced open must not leave a
        // deadline in the past (the loop would never sleep; the simulator throws FirmwareSpinException).
        var sim = new SimulatedLock(new SimOptions());
        sim.At(1000, () => sim.Plant.Inject(new PlantFault { Kind = PlantFaultKind.DoorSensorStuck, StuckClosed = false }));
        sim.RunUntil(5 * 60 * 1000);
        Assert.Contains(FaultCode.DoorForcedOpen, sim.FaultsSeen);
        Assert.True(sim.FirmwarePolls < 20000, $"{sim.FirmwarePolls} polls in 5 minutes");
    }

    [Fact]
    public void A_battery_reading_stuck_at_zero_does_not_keep_the_firmware_awake()
    {
        var sim = new SimulatedLock(new SimOptions());
        sim.At(1000, () => sim.Plant.Inject(new PlantFault { Kind = PlantFaultKind.AdcStuck, BatteryChannel = true, Counts = 0 }));
        long t = sim.TypeKeys(2000, "123456#");
        for (int i = 0; i < 6; i++) t = sim.TypeKeys(t + 16000, i % 2 == 0 ? "#" : "123456#");
        sim.RunUntil(t + 60000);
        Assert.Contains(FaultCode.BatterySensorFault, sim.FaultsSeen);
        Assert.True(sim.FirmwarePolls < 200000, $"{sim.FirmwarePolls} polls");
    }
    [Theory]
    [InlineData("9731123456#", true)]
    [InlineData("0000000000123456#", true)]
    [InlineData("123456999#", false)]
    [InlineData("12345678901234567890123456789#", false)]
    [InlineData("9123456789#", false)]
    public void Random_digits_may_precede_a_code_but_the_code_must_end_the_entry(string keys, bool unlocks)
    {
        // Anti-peep without handing brute force a discount: a code found anywhere in a 16-digit entry would let one
        // entry try eleven 6-digit codes against the wrong-code limit; ending at "#" it tries one.
        var sim = new SimulatedLock(new SimOptions());
        long typed = sim.TypeKeys(1000, keys);
        sim.RunUntil(typed + 3000);
        Assert.Equal(unlocks ? LockState.Unlocked : LockState.Locked, sim.Firmware!.LockState);
        Assert.Equal(unlocks, !sim.Events.Any(e => e.Kind == LockEventKind.OperationError && e.Code == (int)OperationError.InvalidCredential));
    }
}

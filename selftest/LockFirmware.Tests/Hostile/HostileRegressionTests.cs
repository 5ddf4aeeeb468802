using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Hal;
using LockFirmware.Storage;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;

namespace LockFirmware.Tests.Hostile;

/// <summary>Focused regressions for what the hostile-hardware properties (<see cref="HostileHardwareTests"/>) found.</summary>
public sealed class HostileRegressionTests
{
    [Fact]
    public void A_self_test_started_while_a_stroke_verdict_waits_does_not_spin_the_poll_loop()
    {
        // Found by the hostile-inputs property (seed fgfRja2aplr1): a stroke ends, its current verdict waits
        // LockController.SenseSettleMs for the bridge-off reading, and a self-test (console `selftest`, or the rig's request)
        // starts its bridge pulse meanwhile. Poll does not resolve the verdict while the self-test runs, but NextPollMs still
        // asked for a poll at the verdict's due time: every poll until the pulse ended was due "now", a busy loop (on the
        // device the CPU never slept for up to the 15 ms pulse; the simulator's engine calls it a spin and throws).
        var sim = new SimulatedLock(new SimOptions { Seed = 1 });
        bool started = false;
        sim.OnEvent = ev =>
        {
            if (ev.Kind != LockEventKind.Stroke || started) return;
            started = true;
            sim.At(ev.TMs + LockController.SenseSettleMs - 5, () => Assert.True(sim.Firmware!.RunSelfTest()));
        };
        sim.At(1000, () => sim.Firmware!.RequestUnlock(OperationSource.Console));
        sim.RunUntil(5000);
        Assert.True(started);
        Assert.Equal(LockState.Unlocked, sim.Firmware!.LockState);
        Assert.False(sim.Firmware.SelfTest.Running);
    }

    [Fact]
    public void A_stroke_whose_time_limit_works_out_past_its_absolute_limit_is_still_cut_there()
    {
        // Found by the hostile-inputs property (seed 4UcC5v2Ne0J1, 100,000 cases): the time limit is twice the learned stroke
        // time scaled by calibration voltage / today's rest voltage and by 1000 / duty cap (BoltDrive.TimeoutMs). A low rest
        // reading and a low duty cap work it out past MaxStrokeMs, and the absolute 8 s limit was only applied once that
        // time limit had passed (StillProgressing): an unlock whose retracted switch flickered early (so it is not believed)
        // and whose motor never stalled kept the bridge energised for 8,036 ms and counting, past the documented 8 s
        // ("up to 8 s (MaxStrokeMs)", docs/actuation.md, Detection rule 7). Replayed here input for input. An unlock's limit
        // is MaxUnlockStrokeMs (10 s) since branch strand13. Since 2026-11-28 the current channel the replay freezes (2198
        // counts) is a standing current_sensor_fault by the time of the unlock, which then runs on its switches and the
        // absolute limit (BoltDrive.CurrentSensorSuspect).
        var sane = AnalogScript.Sane;
        var plant = DigitalScript.Sane;
        var none = KeypadScript.Idle;
        var segments = new[]
        {
            new Segment(944, HostileAction.None, new AnalogScript(AnalogMode.Garbage, 0, 0, 1), sane,
                new DigitalScript(DigitalMode.Constant, false, 1), plant, plant, none),
            new Segment(461, HostileAction.Lock, sane, new AnalogScript(AnalogMode.Noise, 424, 65, 1),
                plant, new DigitalScript(DigitalMode.Constant, false, 1), new DigitalScript(DigitalMode.Flicker, false, 89), none),
            new Segment(2957, HostileAction.PowerOn, new AnalogScript(AnalogMode.Noise, 877, 152, 1), new AnalogScript(AnalogMode.Constant, 2198, 0, 1),
                new DigitalScript(DigitalMode.Random, false, 145), plant, plant, none),
            new Segment(799, HostileAction.None, new AnalogScript(AnalogMode.Noise, 365, 249, 1), sane,
                new DigitalScript(DigitalMode.Flicker, false, 262), new DigitalScript(DigitalMode.Random, false, 115), new DigitalScript(DigitalMode.Random, false, 86),
                new KeypadScript(KeypadMode.Typed, 290, 0, "34##506")),
            new Segment(1683, HostileAction.None, new AnalogScript(AnalogMode.Noise, 4078, 369, 1), sane,
                new DigitalScript(DigitalMode.Constant, false, 1), new DigitalScript(DigitalMode.Flicker, true, 237), plant,
                new KeypadScript(KeypadMode.Typed, 261, 0, "123456#")),
        };
        var rig = new HostileRig(HostileGen.Flash(true), 168, 5522);
        rig.Boot(ResetCause.PowerOn);
        foreach (var s in segments) rig.Run(s);
        // The unlock the typed code started runs on into the sane inputs; the rig throws if it passes the bound.
        Assert.True(rig.Settle(30000), rig.History);
        Assert.InRange(rig.Motor.LongestMs, ActuationTuning.MaxUnlockStrokeMs, HostileRig.EnergisedBoundMs);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-16700, false)]
    [InlineData(16700, true)]
    public void A_calibration_record_with_a_valid_checksum_around_a_divisor_no_run_writes_is_damage_not_a_crash(int motorMilliohms, bool zeroStrokeTime)
    {
        // Found by the damaged-records property (seed 2aAuW9Y05Uv1): a calibration record whose CRC is valid but whose winding
        // resistance is 0 divided by zero in the next stroke's resistance press (BoltDrive.SampleResistance, the stall
        // prediction V/R); a stroke time of 0 in an uncalibrated record divides the time-based position estimate. Such a record
        // is now damage: storage_fault naming the calibration record, the calibration reset (uncalibrated), and the lock works.
        var flash = HostileGen.Flash(true);
        var store = new LockStore(new RecordStore(flash));
        var cal = new Calibration();
        Assert.Equal(LoadResult.Loaded, store.LoadCalibration(cal));
        cal.MotorMilliohms = motorMilliohms;
        if (zeroStrokeTime)
        {
            cal.Valid = false;
            cal.StrokeMs[0] = 0;
            cal.StrokeMs[1] = 0;
            cal.FullStrokeEmfMvMs[0] = 0;
            cal.FullStrokeEmfMvMs[1] = 0;
        }
        Assert.True(store.SaveCalibration(cal));
        var rig = new HostileRig(flash, BoardConfig.BoltThrowTenthsMm, 1);
        rig.Boot(ResetCause.PowerOn);
        rig.Run(Segment.Sane(1000));
        long t = rig.NowMs;
        rig.Act(HostileAction.Unlock);
        Assert.True(rig.Settle(20000), rig.History);
        Assert.Contains(rig.Events, e => e.Kind == LockEventKind.Fault && e.Code == (int)FaultCode.StorageFault && e.Detail == LockStore.CalibrationRecord);
        Assert.False(rig.Firmware!.Calibration.Valid);
        Assert.True(rig.Reported(LockEventKind.Operation, (int)LockOperation.Unlock, t), rig.History);
    }
}

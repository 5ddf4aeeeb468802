using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Board;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using LockFirmware.Storage;

namespace LockFirmware.Tests.Actuation;

/// <summary>
/// stiff_actuator and weak_actuator through the simulator: judged against the calibration reference with temperature
/// taken out by the speed-implied armature resistance, and against the last normal stroke within the hour. Every unit is
/// calibrated at 20 C and then soaked at its temperature, as a lock calibrated at installation meets winter or summer.
/// </summary>
public class ActuatorAssessmentTests
{
    private static SimulatedLock Unit(double temperatureC, Chemistry chemistry = Chemistry.Lithium, double stateOfCharge = 0.9, double friction = 1.0, int seed = 1)
        => new(new SimOptions
        {
            Seed = seed,
            StartLocked = true,
            Hardware = new PlantParameters { TemperatureC = temperatureC, Chemistry = chemistry, StateOfCharge = stateOfCharge, FrictionFactor = friction },
        });

    /// <summary>The DiagnosisBench user cycle: unlock by code, open and close the door, lock; one cycle every 16 s.</summary>
    private static void Cycles(SimulatedLock sim, int count, Action<SimulatedLock, long>? eachStroke = null)
    {
        long t0 = sim.NowMs;
        for (int i = 0; i < count; i++)
        {
            long t = t0 + i * 16000L;
            sim.TypeKeys(t + 500, "123456#");
            sim.At(t + 5500, () => sim.Plant.SetDoor(true));
            sim.At(t + 8500, () => sim.Plant.SetDoor(false));
            sim.TypeKeys(t + 10500, "#");
        }
        if (eachStroke != null) sim.OnEvent = ev => { if (ev.Kind == LockEventKind.Stroke) eachStroke(sim, ev.TMs); };
        sim.RunUntil(t0 + count * 16000L);
    }

    /// <summary>A unit at <paramref name="temperatureC"/> that runs one healthy cycle, then gets <paramref name="fault"/> and runs two more.</summary>
    private static SimulatedLock FaultAfterOneCycle(double temperatureC, PlantFault fault)
    {
        var sim = Unit(temperatureC);
        Cycles(sim, 1);
        Assert.DoesNotContain(FaultCode.StiffActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.WeakActuator, sim.FaultsSeen);
        sim.Plant.Inject(fault);
        Cycles(sim, 2);
        return sim;
    }

    private static int ReferencePermille(SimulatedLock sim)
    {
        var r = sim.Firmware!.Drive.Record;
        return IntMath.MulDiv(r.RunningMilliamps, 1000, sim.Firmware.Calibration.ReferenceMilliamps[(int)r.Direction]);
    }

    [Theory]
    [InlineData(-28.0, Chemistry.Lithium, 0.9, 1.4)]
    [InlineData(-25.0, Chemistry.Nimh, 0.7, 1.0)]
    [InlineData(-29.5, Chemistry.Alkaline, 0.8, 0.8)]
    public void A_healthy_lock_in_deep_cold_after_a_20_C_calibration_is_not_stiff(double temperatureC, Chemistry chemistry, double soc, double friction)
    {
        var sim = Unit(temperatureC, chemistry, soc, friction);
        int highest = 0;
        Cycles(sim, 4, (s, _) => { if (s.Firmware!.Drive.Record.End == StrokeEnd.Completed) highest = Math.Max(highest, ReferencePermille(s)); });
        // Cold grease did raise the running current well past the warm-unit threshold: the compensation is what kept it quiet.
        Assert.True(highest >= StrokeAssessor.StiffCurrentPermille + 150, $"running current only {highest} permille of reference");
        Assert.DoesNotContain(FaultCode.StiffActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.WeakActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.Jam, sim.FaultsSeen);
    }

    [Theory]
    [InlineData(58.0, Chemistry.Lithium, 0.9)]
    [InlineData(45.0, Chemistry.Nimh, 0.4)]
    [InlineData(-10.0, Chemistry.Alkaline, 0.3)]
    public void A_healthy_lock_hot_or_on_a_low_pack_is_neither_weak_nor_stiff(double temperatureC, Chemistry chemistry, double soc)
    {
        var sim = Unit(temperatureC, chemistry, soc);
        Cycles(sim, 4);
        Assert.DoesNotContain(FaultCode.WeakActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.StiffActuator, sim.FaultsSeen);
        Assert.Equal(LockFirmware.Access.LockState.Locked, sim.Firmware!.LockState);
    }

    [Theory]
    [InlineData(10.0, 1.6)]
    [InlineData(35.0, 1.8)]
    // In the cold the step must also beat the cold-snap gate (StepColdRatio): at -5 C a x1.8 step (seed 1 unit, factory
    // ADC trim) raises the current 49 % while the implied resistance falls 7.8 %, a ratio of 6.2 under the gate's 7, and it
    // is not named; x2.0 is. docs/actuation.md lists this limit.
    [InlineData(-5.0, 2.0)]
    [InlineData(-15.0, 2.2)]
    [InlineData(50.0, 1.8)]
    public void Friction_that_steps_up_between_two_strokes_is_stiff_at_any_temperature(double temperatureC, double frictionFactor)
    {
        var sim = FaultAfterOneCycle(temperatureC, PlantFault.StiffActuator(frictionFactor));
        Assert.Contains(FaultCode.StiffActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.WeakActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.Jam, sim.FaultsSeen);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.StiffActuator), "stiff_actuator cleared while the bolt is still stiff");
    }

    [Theory]
    [InlineData(-5.0)]
    [InlineData(-15.0)]
    [InlineData(-30.0)]
    public void A_cold_snap_between_two_strokes_is_not_a_friction_step(double coldC)
    {
        // The simulator soaks the lock at once (a real lock cools over hours): the running current jumps by 15-85 %
        // between two strokes, and the implied resistance falls with it, which is what keeps the step rule quiet.
        AssertColdSnapNamesNothing(Unit(20.0, friction: 1.3), coldC);
    }

    /// <summary>One stroke pair warm, the lock soaked to <paramref name="coldC"/>, two pairs more: neither stiff nor weak named.</summary>
    private static void AssertColdSnapNamesNothing(SimulatedLock sim, double coldC)
    {
        Cycles(sim, 1);
        sim.Plant.SetTemperature(coldC);
        Cycles(sim, 2);
        Assert.DoesNotContain(FaultCode.StiffActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.WeakActuator, sim.FaultsSeen);
    }

    [Theory]
    [InlineData(-15.0)]
    [InlineData(-30.0)]
    public void A_cold_snap_on_a_nimh_pack_is_not_a_friction_step(double coldC)
    {
        // NiMH at 70 %, seed 1: this unit's running-window current aliases the commutation ripple, so one stroke's implied
        // resistance scatters by about 5 % and the remembered warm stroke read 0.92. The snap's fall of the implied resistance
        // then looked too small for the current's rise (StepColdRatio) and cold grease was named stiff. The pack's own
        // resistance, 2.4-4.8 times what it was at the remembered stroke, says the lock cooled (PackCooledPermille).
        AssertColdSnapNamesNothing(Unit(20.0, Chemistry.Nimh, 0.7), coldC);
    }

    [Theory]
    [InlineData(-6.0, 1.0, 1)]
    [InlineData(-8.0, 0.9, 3)]
    [InlineData(-8.0, 0.3, 1)]
    [InlineData(-8.0, 0.5, 2)]
    public void A_healthy_lithium_lock_a_few_degrees_below_freezing_is_not_stiff(double temperatureC, double soc, int seed)
    {
        // Li-FeS2 keeps its rate capability in the cold: at -5..-10 C its pack still reads under the 150 % warm bound, while
        // cold grease already raises the running current past the 120 % warm line. The warm reading leaves -10 C possible
        // (BatteryEstimator.WarmDoubtPercent), and the line rises with that doubt (StrokeAssessor.PackStiffThresholdPermille).
        // Used as a household uses it: a code every two hours, the auto-relock 30 s later, deep sleep in between.
        var sim = Unit(temperatureC, Chemistry.Lithium, soc, seed: seed);
        bool warmAboveWarmLine = false;
        sim.OnEvent = ev =>
        {
            if (ev.Kind != LockEventKind.Stroke || sim.Firmware!.Drive.Record.End != StrokeEnd.Completed) return;
            int permille = ReferencePermille(sim);
            sim.At(ev.TMs + 1000, () => warmAboveWarmLine |= sim.Firmware!.Battery.Estimator.ReadsWarm && permille >= StrokeAssessor.StiffCurrentPermille);
        };
        for (int i = 0; i < 6; i++) sim.TypeKeys(3600000L + i * 7200000L, "123456#");
        sim.RunUntil(13 * 3600000L);
        Assert.True(warmAboveWarmLine, "no stroke above the warm line while the pack read warm: this case no longer tests the doubt");
        Assert.DoesNotContain(FaultCode.StiffActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.WeakActuator, sim.FaultsSeen);
    }

    [Theory]
    [InlineData(176627853, -0.8)]
    [InlineData(251186321, 5.5)]
    public void A_friction_step_on_a_pack_that_did_not_cool_is_stiff_though_the_implied_resistance_fell(int runSeed, double temperatureC)
    {
        // DiagnosisBench seed 1 stiff runs (alkaline x1.58 at -0.8 C, NiMH x1.66 at 5.5 C) that named nothing: a stiffer bolt
        // reads a few percent "cold" on the implied resistance, and the step rule's cold-snap gate took the fall for colder
        // grease. The pack, a steep thermometer for these chemistries, read as it did at the stroke before the injection
        // (PackSteadyPermille): same temperature.
        var sim = TimeoutCauseTests.Replay(runSeed, 3, out var hw);
        Assert.Equal(temperatureC, hw.TemperatureC, 1);
        Assert.Contains(FaultCode.StiffActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.WeakActuator, sim.FaultsSeen);
    }

    [Fact]
    public void A_stiff_bolt_found_by_the_first_stroke_after_a_reboot_is_judged_against_the_calibration()
    {
        // No earlier stroke in memory (the reboot after the soak): only the temperature-compensated reference can tell.
        var sim = Unit(25.0);
        sim.At(200, () => sim.Plant.Inject(PlantFault.StiffActuator(1.8)));
        Cycles(sim, 1);
        Assert.Contains(FaultCode.StiffActuator, sim.FaultsSeen);
    }

    [Theory]
    [InlineData(Chemistry.Alkaline, 0.6)]
    [InlineData(Chemistry.Alkaline, 0.3)]
    [InlineData(Chemistry.Lithium, 0.6)]
    public void Twice_the_friction_on_a_half_charged_warm_pack_is_stiff_at_the_first_stroke(Chemistry chemistry, double soc)
    {
        // The contract's example pack (alkaline at 60 %) at 20 C, friction doubled before the first stroke after a reboot: no
        // earlier stroke to step from, and on a pack below its calibration voltage the speed-implied resistance reads a few
        // percent "cold", which lifts the compensated line over the stroke. The warm pack says the grease is not cold.
        var sim = Unit(20.0, chemistry, soc);
        sim.At(200, () => sim.Plant.Inject(PlantFault.StiffActuator(2.0)));
        bool lineAloneMissed = false, packWarm = false;
        sim.OnEvent = ev =>
        {
            if (ev.Kind != LockEventKind.Stroke || lineAloneMissed) return;
            var f = sim.Firmware!;
            int implied = StrokeAssessor.ImpliedResistancePermille(f.Drive.Record, f.Calibration);
            lineAloneMissed = ReferencePermille(sim) < StrokeAssessor.StiffThresholdPermille(implied);
        };
        sim.TypeKeys(1000, "123456#");
        sim.RunUntil(8000);
        packWarm = sim.Firmware!.Battery.Estimator.ReadsWarm;
        Assert.True(lineAloneMissed, "the compensated line alone already named it: this case no longer needs the pack");
        Assert.True(packWarm, "the pack did not read warm at 20 C");
        Assert.Contains(FaultCode.StiffActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.Jam, sim.FaultsSeen);
        Assert.Equal(LockFirmware.Access.LockState.Unlocked, sim.Firmware.LockState);
    }

    [Theory]
    [InlineData(-10.0)]
    [InlineData(-20.0)]
    public void A_pack_that_cooled_with_the_lock_does_not_read_warm_at_its_first_cold_stroke(double coldC)
    {
        // Four warm cycles fill the pack's filtered resistance with warm readings; the first stroke in the cold must not be
        // judged warm on that history (its own measurement reads cold), or cold grease would be named stiff.
        var sim = Unit(20.0, Chemistry.Alkaline, 0.8);
        Cycles(sim, 4);
        Assert.True(sim.Firmware!.Battery.Estimator.ReadsWarm);
        sim.Plant.SetTemperature(coldC);
        bool everWarm = false;
        // Read once the stroke has been assessed (the verdict waits for the current channel to settle), not at its end event.
        Cycles(sim, 3, (s, t) => s.At(t + 1000, () => everWarm |= s.Firmware!.Battery.Estimator.ReadsWarm));
        Assert.False(everWarm, "a cold pack read warm");
        Assert.DoesNotContain(FaultCode.StiffActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.WeakActuator, sim.FaultsSeen);
    }

    [Fact]
    public void A_nimh_pack_is_never_taken_for_a_thermometer()
    {
        var sim = Unit(20.0, Chemistry.Nimh, 0.8);
        Cycles(sim, 2);
        Assert.False(sim.Firmware!.Battery.Estimator.ReadsWarm);
        Assert.Equal(0, LockFirmware.Power.BatteryEstimator.WarmFactorPercent(LockFirmware.Power.CellChemistry.Nimh));
    }

    [Theory]
    [InlineData(20.0, 0.65)]
    [InlineData(50.0, 0.7)]
    [InlineData(-15.0, 0.6)]
    public void A_motor_that_lost_a_third_of_its_torque_is_weak_not_stiff(double temperatureC, double torqueFactor)
    {
        var sim = FaultAfterOneCycle(temperatureC, PlantFault.WeakActuator(torqueFactor));
        Assert.Contains(FaultCode.WeakActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.StiffActuator, sim.FaultsSeen);
        // Hardly slower: the old 140 %-of-time test could not see this motor.
        var r = sim.Firmware!.Drive.Record;
        Assert.Equal(StrokeEnd.Completed, r.End);
        Assert.True(StrokeAssessor.ImpliedResistancePermille(r, sim.Firmware.Calibration) >= StrokeAssessor.WeakResistancePermille);
    }

    [Fact]
    public void The_standstill_resistance_is_read_before_the_press_moves_a_bolt_resting_short_of_its_stop()
    {
        // The extended limit switch stops the bolt a fraction of a millimetre short of the stop; the 30 % press of the
        // next measurement pushes it into the stop, and the back-EMF of that motion used to read as up to 40 % more
        // resistance. Each reading must now be the winding (plus wiring) within the commutation ripple (+-12 %) and the ADC error at a 30 % duty.
        var sim = Unit(20.0, friction: 0.7);
        var errors = new List<double>();
        Cycles(sim, 6, (s, _) =>
        {
            var r = s.Firmware!.Drive.Record;
            if (r.MeasuredMilliohms <= 0) return;
            double trueOhms = s.Plant.Motor.Resistance + 0.15; // wiring and sense resistor are in the measured loop
            errors.Add(r.MeasuredMilliohms / 1000.0 / trueOhms - 1);
        });
        Assert.True(errors.Count >= 10, $"only {errors.Count} measurements");
        Assert.All(errors, e => Assert.InRange(e, -0.20, 0.20));
    }

    [Fact]
    public void The_recent_stroke_currents_expire_after_an_hour_and_survive_the_deep_sleep_record()
    {
        var recent = new RecentStrokeCurrents();
        recent.Note(StrokeDirection.Extend, 1000, 150, 990);
        Assert.Equal(150, recent.Get(StrokeDirection.Extend, 1000 + RecentStrokeCurrents.MaxAgeMs));
        Assert.Equal(0, recent.Get(StrokeDirection.Extend, 1001 + RecentStrokeCurrents.MaxAgeMs));
        Assert.Equal(0, recent.Get(StrokeDirection.Retract, 2000));
        var store = new LockStore(new RecordStore(new SimStorage()));
        var w = store.BeginRaw();
        recent.Write(w);
        Assert.True(store.SaveRaw(LockStore.SleepRecord));
        Assert.Equal(LoadResult.Loaded, store.LoadRaw(LockStore.SleepRecord, out ByteReader r));
        var restored = new RecentStrokeCurrents();
        restored.Read(r);
        Assert.Equal(150, restored.Get(StrokeDirection.Extend, 5000));
        Assert.Equal(990, restored.ResistancePermille(StrokeDirection.Extend));
    }

    [Fact]
    public void The_calibration_reference_is_stored_with_the_calibration()
    {
        var c = new Calibration { Valid = true, ReferenceMilliohms = 16400, BatteryMillivolts = 6100 };
        c.ReferenceMilliamps[0] = 121; c.ReferenceMotorMillivolts[0] = 5900; c.ReferenceStrokeMs[0] = 640;
        c.ReferenceMilliamps[1] = 118; c.ReferenceMotorMillivolts[1] = 5880; c.ReferenceStrokeMs[1] = 655;
        var loaded = CalibrationRecords.SavedAndLoaded(c);
        Assert.Equal(new[] { 121, 118 }, loaded.ReferenceMilliamps);
        Assert.Equal(new[] { 5900, 5880 }, loaded.ReferenceMotorMillivolts);
        Assert.Equal(new[] { 640, 655 }, loaded.ReferenceStrokeMs);
        Assert.Equal(16400, loaded.ReferenceMilliohms);
    }


    [Fact]
    public void The_calibration_extend_integrals_are_stored_and_a_record_written_before_them_loads_with_none()
    {
        var c = new Calibration { Valid = true, ReferenceMilliohms = 16400, ReferenceExtendMotorMvMs = 5243920, ReferenceExtendMilliampMs = 140895 };
        var loaded = CalibrationRecords.SavedAndLoaded(c);
        Assert.Equal(5243920, loaded.ReferenceExtendMotorMvMs);
        Assert.Equal(140895, loaded.ReferenceExtendMilliampMs);

        // The layout before the integrals were appended (it ends with the reed byte): loads, with no integrals, so the end-stop
        // check keeps the learned scale.
        var old = CalibrationRecords.Older(withExtendIntegrals: false);
        var fromOld = new Calibration { ReferenceExtendMotorMvMs = 7, ReferenceExtendMilliampMs = 7 };
        Assert.Equal(LoadResult.Loaded, new LockStore(new RecordStore(old)).LoadCalibration(fromOld));
        Assert.True(fromOld.Valid);
        Assert.Equal(16400, fromOld.ReferenceMilliohms);
        Assert.True(fromOld.ReedSeenWorking);
        Assert.Equal(0, fromOld.ReferenceExtendMotorMvMs);
        Assert.Equal(0, fromOld.ReferenceExtendMilliampMs);
    }

    [Fact]
    public void The_position_estimates_resistance_is_stored_and_a_record_written_before_it_loads_with_none()
    {
        var c = new Calibration { Valid = true, MotorMilliohms = 18900, PositionMilliohms = 16900, ReferenceExtendMotorMvMs = 5243920, ReferenceExtendMilliampMs = 140895 };
        var loaded = CalibrationRecords.SavedAndLoaded(c);
        Assert.Equal(16900, loaded.PositionMilliohms);
        Assert.Equal(18900, loaded.MotorMilliohms);

        // The layout before it was appended (it ends with the extend integrals): loads with none, so the estimate starts from
        // the stored blend as it did.
        var old = CalibrationRecords.Older(withExtendIntegrals: true);
        var fromOld = new Calibration { PositionMilliohms = 7 };
        Assert.Equal(LoadResult.Loaded, new LockStore(new RecordStore(old)).LoadCalibration(fromOld));
        Assert.Equal(0, fromOld.PositionMilliohms);
        Assert.Equal(5243920, fromOld.ReferenceExtendMotorMvMs);
        Assert.Equal(16000, fromOld.MotorMilliohms);

        // An implausible value (a corrupted field that passed the CRC cannot, but a record from a board with another motor
        // could) is not taken: the estimate starts from the stored blend.
        var odd = new Calibration { Valid = true, PositionMilliohms = 90000 };
        var loadedOdd = CalibrationRecords.SavedAndLoaded(odd);
        Assert.Equal(0, loadedOdd.PositionMilliohms);
    }
}

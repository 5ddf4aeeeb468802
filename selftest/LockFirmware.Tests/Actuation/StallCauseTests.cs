using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Tests.Actuation;

/// <summary>
/// A stroke that stalls keeps <c>jam</c> and, when the evidence points at the actuator itself, names the cause beside it
/// (<see cref="StallCause"/>): a bolt that cannot leave its end under more force than a healthy one needs is
/// <c>stiff_actuator</c>, a motor circuit whose stall resistance no temperature explains is <c>weak_actuator</c>. An
/// obstacle met along the throw names <c>jam</c> alone. Every unit is calibrated at 20 C and then soaked at its temperature.
/// </summary>
public class StallCauseTests
{
    private static SimulatedLock Unit(double temperatureC, bool startLocked = true, double friction = 1.0, int seed = 1, Chemistry chemistry = Chemistry.Lithium, double stateOfCharge = 0.9)
        => new(new SimOptions
        {
            Seed = seed,
            StartLocked = startLocked,
            Hardware = new PlantParameters { TemperatureC = temperatureC, Chemistry = chemistry, StateOfCharge = stateOfCharge, FrictionFactor = friction },
        });

    /// <summary>Runs until the drive has finished every stroke started so far and the verdict after it is in.</summary>
    private static void Settle(SimulatedLock sim, long ms) => sim.RunUntil(sim.NowMs + ms);

    [Theory]
    [InlineData(20.0, true, 6.0)]
    [InlineData(20.0, false, 6.0)]
    [InlineData(-10.0, true, 5.0)]
    [InlineData(45.0, false, 7.0)]
    public void A_seized_bolt_that_cannot_leave_its_end_names_stiff_actuator_beside_jam(double temperatureC, bool startLocked, double frictionFactor)
    {
        var sim = Unit(temperatureC, startLocked);
        sim.Plant.Inject(PlantFault.StiffActuator(frictionFactor));
        double boltBefore = sim.Plant.BoltMm;
        // Unlock from locked, or lock from unlocked (one-touch '#').
        sim.TypeKeys(sim.NowMs + 500, startLocked ? "123456#" : "#");
        Settle(sim, 12000);

        var record = sim.Firmware!.Drive.Record;
        Assert.True(record.End == StrokeEnd.Jammed, $"end {record.End}, attempts {record.Attempts}, stall {record.StallMilliamps} mA, travel {record.StallTravelTenthsMm}, running {record.StallRunningMilliamps}, faults {string.Join(",", sim.FaultsSeen)}");
        Assert.True(Math.Abs(sim.Plant.BoltMm - boltBefore) < 1.0, $"the bolt moved from {boltBefore:0.0} to {sim.Plant.BoltMm:0.0} mm");
        // The owner must still be told the bolt is stuck, and now also why.
        Assert.Contains(FaultCode.Jam, sim.FaultsSeen);
        Assert.Contains(FaultCode.StiffActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.WeakActuator, sim.FaultsSeen);
        Assert.True(sim.Firmware.Diagnosis.IsActive(FaultCode.StiffActuator));
    }

    [Theory]
    [InlineData(20.0, true, 0.3)]
    [InlineData(-25.0, false, 0.35)]
    [InlineData(55.0, true, 0.35)]
    public void A_weak_motor_that_stalls_names_weak_actuator_beside_jam_and_not_stiff(double temperatureC, bool startLocked, double torqueFactor)
    {
        var sim = Unit(temperatureC, startLocked, friction: 1.4);
        sim.Plant.Inject(PlantFault.WeakActuator(torqueFactor));
        sim.TypeKeys(sim.NowMs + 500, startLocked ? "123456#" : "#");
        Settle(sim, 12000);

        Assert.Equal(StrokeEnd.Jammed, sim.Firmware!.Drive.Record.End);
        Assert.Contains(FaultCode.Jam, sim.FaultsSeen);
        Assert.Contains(FaultCode.WeakActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.StiffActuator, sim.FaultsSeen);
    }

    [Theory]
    [InlineData(20.0, 2.2, 1.0)]
    [InlineData(20.0, 8.0, 1.6)]
    [InlineData(-28.0, 3.0, 1.5)]
    [InlineData(-20.0, 14.0, 1.3)]
    [InlineData(55.0, 12.0, 0.7)]
    [InlineData(35.0, 21.5, 1.2)]
    public void An_obstacle_jam_at_normal_friction_names_jam_and_no_actuator_fault(double temperatureC, double positionMm, double friction)
    {
        var sim = Unit(temperatureC, startLocked: false, friction: friction, chemistry: Chemistry.Alkaline, stateOfCharge: 0.6);
        sim.Plant.Inject(PlantFault.Jam(positionMm, 300));
        sim.TypeKeys(sim.NowMs + 500, "#");
        Settle(sim, 12000);

        var record = sim.Firmware!.Drive.Record;
        Assert.Equal(StrokeDirection.Extend, record.Direction);
        Assert.NotEqual(StrokeEnd.Completed, record.End);
        Assert.True(sim.FaultsSeen.Contains(FaultCode.Jam) || sim.FaultsSeen.Contains(FaultCode.Misalignment));
        Assert.DoesNotContain(FaultCode.StiffActuator, sim.FaultsSeen);
        Assert.DoesNotContain(FaultCode.WeakActuator, sim.FaultsSeen);
    }

    [Fact]
    public void A_bolt_that_did_not_move_under_less_force_than_a_healthy_bolt_needs_is_not_blamed_on_the_actuator()
    {
        // The rule itself, on a record of a stall from the end with no motion: a 20 C reading (resistance as calibrated).
        var calibration = new Calibration { Valid = true, ReferenceMilliohms = 17000 };
        calibration.ReferenceMilliamps[0] = 140;
        var record = new StrokeRecord();
        record.Reset(0, StrokeDirection.Extend, OperationSource.Keypad);
        record.StartedAtEnd = true;
        record.StallMilliohms = 17000;
        record.MeasuredMilliohms = 17200;
        // A sagging pack or a capped duty: the motor pushed with only 110 % of the reference running current.
        record.StallMilliamps = 154;
        Assert.Equal(StrokeAssessment.Normal, StallCause.Assess(record, calibration, 0));
        // The same stall with the motor pushing at 1.8 x the running current: the mechanism resisted more than healthy.
        record.StallMilliamps = 250;
        Assert.Equal(StrokeAssessment.Stiff, StallCause.Assess(record, calibration, 0));
        // In the cold (a recent stroke's implied resistance 0.85: the line is 1.20 + 7 x 0.15, capped at 1.90) 1.8 x is
        // what healthy cold grease can need.
        Assert.Equal(StrokeAssessment.Normal, StallCause.Assess(record, calibration, 850));
        // Once the bolt moved, the running current before the stall says nothing about the cause.
        record.StallTravelTenthsMm = 40;
        record.StallRunningMilliamps = 200;
        Assert.Equal(StrokeAssessment.Normal, StallCause.Assess(record, calibration, 0));
        // A motor circuit at 150 % of its calibration resistance is weak wherever the bolt stopped.
        record.StallMilliohms = 25500;
        record.MeasuredMilliohms = 26000;
        Assert.Equal(StrokeAssessment.Weak, StallCause.Assess(record, calibration, 0));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_stiff_actuator_only_a_stall_named_is_cleared_by_the_next_clearly_normal_stroke_across_sleep_and_power_loss(bool seized, bool powerCut)
    {
        // Either an obstacle pressed against the tip of the resting bolt or a seized bolt: the stall reads the same.
        var sim = Unit(20.0, startLocked: false);
        if (seized) sim.Plant.Inject(PlantFault.StiffActuator(6.0));
        else sim.Plant.Inject(new PlantFault { Kind = PlantFaultKind.Jam, PositionMm = 0 });
        sim.TypeKeys(sim.NowMs + 500, "#");
        Settle(sim, 12000);
        Assert.Contains(FaultCode.Jam, sim.FaultsSeen);
        Assert.True(sim.ReportedFirmware!.Diagnosis.IsActive(FaultCode.StiffActuator));
        if (powerCut) sim.PowerCutAt(sim.NowMs + 1000, 2000);
        // Long enough for the lock to deep-sleep with its kept faults.
        sim.RunUntil(sim.NowMs + 5 * 60000);
        Assert.True(powerCut || sim.McuDeepAsleep);
        Assert.True(sim.ReportedFirmware!.Diagnosis.IsActive(FaultCode.StiffActuator));
        sim.Plant.Clear(seized ? PlantFaultKind.StiffActuator : PlantFaultKind.Jam);
        sim.TypeKeys(sim.NowMs + 500, "#");
        Settle(sim, 6000);
        var fw = sim.ReportedFirmware!;
        Assert.Equal(LockState.Locked, fw.LockState);
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Jam));
        Assert.False(fw.Diagnosis.IsActive(FaultCode.StiffActuator));
    }

    [Fact]
    public void A_stiff_actuator_a_completed_stroke_named_still_needs_three_clearly_normal_strokes()
    {
        var sim = Unit(20.0, startLocked: false);
        sim.Plant.Inject(PlantFault.StiffActuator(6.0));
        sim.TypeKeys(sim.NowMs + 500, "#");
        Settle(sim, 12000);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.StiffActuator));
        // Stiff enough to be named on a completed stroke, not to stall: the verdict is now the completed stroke's.
        sim.Plant.Clear(PlantFaultKind.StiffActuator);
        sim.Plant.Inject(PlantFault.StiffActuator(2.5));
        sim.TypeKeys(sim.NowMs + 500, "#");
        Settle(sim, 8000);
        Assert.Equal(LockState.Locked, sim.Firmware!.LockState);
        Assert.True(sim.Firmware.Diagnosis.IsActive(FaultCode.StiffActuator));
        sim.Plant.Clear(PlantFaultKind.StiffActuator);
        sim.TypeKeys(sim.NowMs + 500, "123456#");
        Settle(sim, 8000);
        Assert.Equal(LockState.Unlocked, sim.Firmware.LockState);
        Assert.True(sim.Firmware.Diagnosis.IsActive(FaultCode.StiffActuator));
    }
}

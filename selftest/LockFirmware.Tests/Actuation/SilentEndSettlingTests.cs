using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Actuation;

/// <summary>
/// An extend that ended on the end-stop current with the extended switch silent is either the end stop with a dead switch or
/// an obstacle its position estimate put at the end. The unlock after it settles which: timed against the last full retract,
/// a bolt that set out from short of the end comes home sooner (BoltDrive.TimedTravelPermille, LockController.SettleSilentStop;
/// docs/actuation.md, settling a silent end).
/// </summary>
public class SilentEndSettlingTests
{
    /// <summary>
    /// DiagnosisBench --runs 200 --seed 1, jam run 459037882: +10.9 C lithium at 62 %, started locked, an obstacle at 21.8 mm
    /// from 8.1 s, the owner's cycles every 16 s.
    /// </summary>
    private static SimulatedLock NearEndObstacleUnit()
    {
        var hw = new PlantParameters { TemperatureC = 10.932665160360123, Chemistry = Chemistry.Lithium, StateOfCharge = 0.6222018092974098, FrictionFactor = 1.0077793355601743 };
        var sim = new SimulatedLock(new SimOptions { Seed = 306603272, Hardware = hw, StartLocked = true });
        OwnerCycles.Schedule(sim, 64000);
        sim.At(8127, () => sim.Plant.Inject(PlantFault.Jam(21.764531783649943, 420.30503643690844)));
        return sim;
    }

    [Fact]
    public void An_obstacle_the_estimate_put_at_the_end_is_named_jam_at_the_next_unlock_and_the_switch_is_cleared()
    {
        // DiagnosisBench --runs 200 --seed 1, jam run 459037882: +10.9 C lithium, an obstacle at 21.8 mm. The first lock after
        // start-up had no full extend to time its stall against, and its estimate read 24.0 mm: the end stop with the switch
        // silent, bolt_sensor_fault. Before, every later lock did the same (the suspect switch widens the end zone) and the
        // run ended naming only bolt_sensor_fault. The unlock after it took 650 ms against the first unlock's 745 ms from the
        // true end: 873 permille, the bolt had set out from about 21.8 mm.
        var sim = NearEndObstacleUnit();
        var fw = sim.Firmware!;

        sim.RunUntil(12500);
        Assert.Equal(StrokeEnd.EndStopCurrent, fw.Drive.Record.End);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.BoltSensorFault));
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Jam));

        sim.RunUntil(20500);
        Assert.Equal(StrokeDirection.Retract, fw.Drive.Record.Direction);
        Assert.InRange(fw.Drive.Record.TimedTravelPermille, 1, ActuationTuning.ObstacleReturnPermille - 1);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Jam));
        Assert.InRange(fw.Diagnosis.Detail(FaultCode.Jam), 200, 230);
        Assert.False(fw.Diagnosis.IsActive(FaultCode.BoltSensorFault));

        // The next lock meets the same obstacle: a jam now, given up, the bolt home (not left 87 % out as "locked").
        sim.RunUntil(40000);
        Assert.Equal(StrokeDirection.Extend, fw.Drive.Record.Direction);
        Assert.Equal(StrokeEnd.Jammed, fw.Drive.Record.End);
        Assert.True(sim.Plant.BoltMm < 4, $"bolt at {sim.Plant.BoltMm:F1} mm");
        Assert.Equal(LockState.Unlocked, fw.LockState);
        sim.RunUntil(64000);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Jam));
        Assert.False(fw.Diagnosis.IsActive(FaultCode.BoltSensorFault));
    }

    [Theory]
    // Cold alkaline units whose rest reading stayed polarised after a stall (5247 -> 4707 mV) while the pack recovered:
    // timed with the rest voltages' scaling, their unlocks from the true end read 871-926, under the threshold; raw they
    // read 1019 and more (scratch sample of 6000 stuck-switch runs, docs/actuation.md).
    [InlineData(-26.936799915012344, 0.6769835077118982, 1.1714349414554586, 6658, 1394507044)]
    [InlineData(-26.02532163077282, 0.3419950046772114, 0.8465075290978455, 3392, 616657357)]
    [InlineData(-29.958420605379352, 0.6971500347820809, 1.2789935832745365, 8637, 97800952)]
    [InlineData(-26.705301388495275, 0.3189458351204851, 1.297492881118084, 5184, 206049068)]
    public void A_dead_extended_switch_at_the_true_end_stop_is_never_taken_for_an_obstacle(double temperatureC, double charge, double friction, long injectMs, int seed)
    {
        var hw = new PlantParameters { TemperatureC = temperatureC, Chemistry = Chemistry.Alkaline, StateOfCharge = charge, FrictionFactor = friction };
        var sim = new SimulatedLock(new SimOptions { Seed = seed, Hardware = hw, StartLocked = true });
        OwnerCycles.Schedule(sim, 64000);
        sim.At(injectMs, () => sim.Plant.Inject(PlantFault.LimitSwitchStuck(LimitSwitchId.Extended, ContactLevel.Open)));
        int settled = 0, lowest = int.MaxValue;
        sim.OnEvent = ev =>
        {
            if (ev.Kind != LockFirmware.Runtime.LockEventKind.Stroke || sim.Firmware is not { } f) return;
            var r = f.Drive.Record;
            if (r.Direction == StrokeDirection.Retract && r.TimedTravelPermille > 0) { settled++; lowest = Math.Min(lowest, r.TimedTravelPermille); }
        };
        sim.RunUntil(64000 + injectMs);
        // Every unlock after the switch died set out from the end stop: none of them may read as set out from short of it.
        Assert.True(settled >= 1, "no unlock was timed against a full one");
        Assert.True(lowest >= ActuationTuning.ObstacleReturnPermille, $"an unlock from the end stop read {lowest} permille");
        Assert.DoesNotContain(FaultCode.Jam, sim.FaultsSeen);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.BoltSensorFault));
    }

    [Fact]
    public void A_stall_at_the_end_stop_behind_a_cleared_obstacle_ends_the_jam_and_the_lock_locks()
    {
        // The unit above, its jam settled by the unlock at 19.5 s; then the obstacle is taken away but the extended switch
        // has died. The lock at 26.5 s stalls at the end within 5 mm of the jam's stop, so it is taken for that obstacle
        // (BoltDrive.StandingJamTenthsMm) and given up; its way back is a full stroke long, so the stall was the end stop
        // (StallAtSilentEnd): the jam is over, the switch is named, and the lock throws again and locks on the end-stop
        // current. Without the jam ending there the relock met the "obstacle" again and the lock stayed unlocked.
        var sim = NearEndObstacleUnit();
        var fw = sim.Firmware!;
        sim.RunUntil(20500);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Jam));
        sim.Plant.Clear(PlantFaultKind.Jam);
        sim.Plant.Inject(PlantFault.LimitSwitchStuck(LimitSwitchId.Extended, ContactLevel.Open));
        // Before the owner's next unlock at 32.5 s.
        sim.RunUntil(32000);
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Jam));
        Assert.True(fw.Diagnosis.IsActive(FaultCode.BoltSensorFault));
        Assert.Equal(LockState.Locked, fw.LockState);
        Assert.True(sim.Plant.BoltMm > 24, $"bolt at {sim.Plant.BoltMm:F1} mm");
    }
}

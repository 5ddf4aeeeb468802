using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Power;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Power;

/// <summary>
/// A stroke the pack could not carry once its bolt had left the stop refuses the next locks (docs/power.md,
/// <see cref="BatteryEstimator.OnStrokeStarved"/>): the level says critical at once, no further stroke runs until the pack
/// test 30 minutes later reads the cells warmer. The warm end is the scenario cold-lock-taken-back-refuses-until-warm.yaml.
/// </summary>
public class StarvedStrokeRefusalTests
{
    private const long Minute = 60_000;

    /// <summary>
    /// Seed 4, alkaline at 40 % at -40 C (the blind acceptance unit): the code unlock completes, the auto-relock 30 s later
    /// sags the pack below the rail's floor and is taken back.
    /// </summary>
    private static SimulatedLock TakenBackUnit(out long takenBackMs)
    {
        var sim = new SimulatedLock(new SimOptions
        {
            Seed = 4,
            StartLocked = true,
            Hardware = new PlantParameters { Chemistry = Chemistry.Alkaline, StateOfCharge = 0.4, TemperatureC = -40 },
        });
        long seen = -1;
        sim.OnEvent = ev =>
        {
            if (seen < 0 && ev.Kind == LockFirmware.Runtime.LockEventKind.Stroke && ev.Code == (int)StrokeEnd.InsufficientBattery) seen = ev.TMs;
        };
        sim.TypeKeys(2000, "123456#");
        sim.RunUntil(43_000);
        takenBackMs = seen;
        return sim;
    }

    [Fact]
    public void A_lock_taken_back_for_the_pack_says_critical_at_once_and_the_next_lock_runs_no_stroke()
    {
        var sim = TakenBackUnit(out long takenBackMs);
        var fw = sim.Firmware!;
        Assert.True(takenBackMs > 0, "the auto-relock was not taken back: the unit no longer starves");
        Assert.Equal(LockState.Unlocked, fw.LockState);
        // At once, not at the rest sample 10 s later.
        var battery = sim.Events.First(e => e.Kind == LockFirmware.Runtime.LockEventKind.Battery && e.TMs >= takenBackMs);
        Assert.Equal(takenBackMs, battery.TMs);
        Assert.Equal(BatteryLevel.Critical, fw.Battery.Level);
        Assert.True(fw.Battery.Estimator.LocksReserved);
        Assert.Equal(takenBackMs, fw.Battery.Estimator.StarvedMs);
        // The owner's one-touch lock 1 s later: refused without energising the motor.
        long asked = sim.TypeKeys(44_000, "#");
        bool energised = false;
        sim.OnStep = s => energised |= s.Plant.MotorEnergised;
        sim.RunUntil(asked + 3000);
        Assert.False(energised, "the refused lock drove the motor");
        Assert.Equal(0, sim.Locks);
        Assert.Contains(sim.Events, e => e.Kind == LockFirmware.Runtime.LockEventKind.OperationError && e.TMs >= 44_000 && e.Code == (int)OperationError.InsufficientBattery);
    }

    [Fact]
    public void A_pack_still_cold_stays_refused_across_deep_sleep_and_is_tested_once_per_half_hour()
    {
        var sim = TakenBackUnit(out long takenBackMs);
        Assert.True(takenBackMs > 0);
        // Ten minutes on the lock has slept deep; the refusal came back with the sleep record.
        sim.TypeKeys(10 * Minute, "#");
        sim.RunUntil(11 * Minute);
        Assert.True(sim.DeepSleeps > 0);
        Assert.Equal(0, sim.ReportedFirmware!.Battery.Estimator.PackTests);
        Assert.Equal(0, sim.Locks);
        Assert.Equal(BatteryLevel.Critical, sim.ReportedFirmware!.Battery.Level);
        // Past the half hour: the lock asked for tests the pack first; still -40 C, it reads no warmer: refused, no stroke
        // out of the stop, and the wait starts again.
        sim.TypeKeys(40 * Minute, "#");
        sim.RunUntil(41 * Minute);
        var fw = sim.ReportedFirmware!;
        Assert.Equal(1, fw.Battery.Estimator.PackTests);
        Assert.Equal(0, sim.Locks);
        Assert.True(sim.Plant.BoltMm < 2.0, $"bolt at {sim.Plant.BoltMm:F1} mm");
        Assert.True(fw.Battery.Estimator.StarvedMs >= 40 * Minute, $"the wait did not start again: {fw.Battery.Estimator.StarvedMs}");
        // Within the new half hour: refused at once, no second test.
        sim.TypeKeys(55 * Minute, "#");
        sim.RunUntil(56 * Minute);
        Assert.Equal(1, sim.ReportedFirmware!.Battery.Estimator.PackTests);
        Assert.Equal(0, sim.Locks);
    }
}

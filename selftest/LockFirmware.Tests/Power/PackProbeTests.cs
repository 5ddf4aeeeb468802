using LockFirmware.Access;
using LockFirmware.Power;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Power;

/// <summary>
/// The pack test (docs/power.md, brown-out guard): a lock the guard refuses on a pack resistance measured more than
/// <see cref="BatteryEstimator.ProbeAfterMs"/> ago first presses the bolt into its retracted stop and reads the pack. Only
/// cells that warmed since let the lock through; the scenarios cold-night-then-warm-locks-again.yaml and
/// cold-night-power-cut-then-warm-locks-again.yaml show the warm case end to end.
/// </summary>
public class PackProbeTests
{
    private const long Hour = 3600_000;

    /// <summary>
    /// Seed 2, alkaline at 40 %, a -40 C night from 1 h: the code unlock at 3 h measures about 5.3 ohm and the guard refuses
    /// locks from then on (the scenario cold-pack-refusing-locks-says-critical.yaml).
    /// </summary>
    private static SimulatedLock ColdNightUnlocked()
    {
        var sim = new SimulatedLock(new SimOptions
        {
            Seed = 2,
            Hardware = new PlantParameters { Chemistry = Chemistry.Alkaline, StateOfCharge = 0.4, TemperatureC = 20 },
        });
        sim.At(1 * Hour, () => sim.Plant.SetTemperature(-40));
        sim.TypeKeys(3 * Hour, "123456#");
        sim.RunUntil(3 * Hour + 60_000);
        Assert.Equal(LockState.Unlocked, sim.Firmware!.LockState);
        Assert.True(sim.Firmware!.Battery.Estimator.LocksReserved);
        return sim;
    }

    [Fact]
    public void A_pack_still_cold_keeps_its_locks_refused_and_is_tested_at_most_once_per_half_hour()
    {
        var sim = ColdNightUnlocked();
        // The auto-relock 30 s after the unlock, right after the stroke that measured the pack: refused, no test.
        Assert.Equal(0, sim.ReportedFirmware!.Battery.Estimator.PackTests);
        // An hour on, still -40 C: the owner's one-touch lock runs the test, which finds the pack cold.
        int unlocksBefore = sim.Unlocks;
        sim.TypeKeys(4 * Hour, "#");
        sim.RunUntil(4 * Hour + 60_000);
        Assert.Equal(1, sim.ReportedFirmware!.Battery.Estimator.PackTests);
        Assert.Equal(LockState.Unlocked, sim.ReportedFirmware!.LockState);
        Assert.Equal(0, sim.Locks);
        Assert.Equal(unlocksBefore, sim.Unlocks);
        Assert.True(sim.ReportedFirmware!.Battery.Estimator.PackMilliohms > 4000);
        Assert.Equal(BatteryLevel.Critical, sim.ReportedFirmware!.Battery.Level);
        // The bolt stayed at its retracted stop through the press.
        Assert.True(sim.Plant.BoltMm < 2.0);
        // Within the half hour after the test: refused at once, no second test.
        sim.TypeKeys(4 * Hour + 20 * 60_000, "#");
        sim.RunUntil(4 * Hour + 21 * 60_000);
        Assert.Equal(1, sim.ReportedFirmware!.Battery.Estimator.PackTests);
        // Past it: tested again.
        sim.TypeKeys(4 * Hour + 31 * 60_000, "#");
        sim.RunUntil(4 * Hour + 32 * 60_000);
        Assert.Equal(2, sim.ReportedFirmware!.Battery.Estimator.PackTests);
        Assert.Equal(0, sim.Locks);
    }

    [Fact]
    public void A_test_that_cannot_press_refuses_the_lock_at_once()
    {
        // The retracted switch fails open after the cold-night unlock: the bolt is not known to rest on its stop, so the
        // test cannot press (it ends before driving) and the lock is refused as before, once per request (before the
        // guard against it, the refusal asked for the test again and again until the stack overflowed).
        var sim = ColdNightUnlocked();
        sim.Plant.Inject(PlantFault.LimitSwitchStuck(LimitSwitchId.Retracted, ContactLevel.Open));
        sim.TypeKeys(4 * Hour, "#");
        sim.RunUntil(4 * Hour + 60_000);
        Assert.Equal(0, sim.Locks);
        Assert.Equal(0, sim.ReportedFirmware!.Battery.Estimator.PackTests);
        Assert.True(sim.Plant.BoltMm < 2.0);
    }

    [Theory]
    // A cold pack at its end (12 % at -20 C, about 6.5 ohm): it reads cold, so every refused lock past the half hour is
    // tested, and the test reads it as cold as the strokes did.
    [InlineData(0.12, -20, 36)]
    // A warm pack at its end (8 % at +20 C): it reads warm, refused for its charge, which warming does not bring back:
    // never tested (each test costs ~0.02 mAh, and the owner asks for a lock every day).
    [InlineData(0.08, 20, 0)]
    public void A_pack_at_the_end_of_its_life_is_never_let_through_by_the_test(double stateOfCharge, double temperatureC, int tests)
    {
        // Locked: the code unlock measures the pack, and the reserve refuses locking for good. The owner's one-touch lock
        // every 40 minutes for a day must never lock (a test that read the pack low would spend the unlock reserve one lock
        // at a time).
        var sim = new SimulatedLock(new SimOptions
        {
            Seed = 3,
            Hardware = new PlantParameters { Chemistry = Chemistry.Alkaline, StateOfCharge = stateOfCharge, TemperatureC = temperatureC },
        });
        sim.RunUntil(1000);
        Assert.True(sim.Firmware!.RequestUnlock(OperationSource.Console));
        sim.RunUntil(40_000);
        Assert.Equal(LockState.Unlocked, sim.Firmware!.LockState);
        Assert.True(sim.Firmware!.Battery.Estimator.LocksReserved);
        int locksBefore = sim.Locks;
        for (int i = 1; i <= 36; i++)
        {
            long at = 40_000 + i * 40 * 60_000L;
            sim.TypeKeys(at, "#");
            sim.RunUntil(at + 60_000);
            Assert.Equal(LockState.Unlocked, sim.ReportedFirmware!.LockState);
        }
        Assert.Equal(locksBefore, sim.Locks);
        Assert.Equal(tests, sim.ReportedFirmware!.Battery.Estimator.PackTests);
    }

    [Fact]
    public void A_pack_no_stroke_measured_is_tested_before_a_lock_only_when_used_and_the_tests_reading_is_its_first_measurement()
    {
        // A new pack's resistance is unknown until its first stroke (0 ohm shown): the guard then sizes from a fresh cell.
        // A fresh pack (1.55 V a cell) is no doubt; a used one (1.15 V a cell, about a quarter) may be cold and far weaker
        // than a fresh cell, so the lock tests it first (LockController), and the test's reading is taken as the first
        // measurement (it used to be dropped: "nothing to compare with").
        var fresh = new BatteryEstimator();
        fresh.OnRestSample(0, 4 * 1550);
        Assert.False(fresh.ProbeDue(2 * Hour));
        Assert.False(fresh.UsedPackUnmeasured);
        var used = new BatteryEstimator();
        used.OnRestSample(0, 4 * 1150);
        Assert.True(used.UsedPackUnmeasured);
        Assert.True(used.OnPackProbe(2 * Hour, 4 * 1150, 3000));
        Assert.Equal(1, used.PackTests);
        Assert.Equal(3000 + 3000 * BatteryEstimator.ProbeMarginPermille / 1000, used.PackMilliohms);
        Assert.False(used.UsedPackUnmeasured);
    }
}

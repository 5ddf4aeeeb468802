using LockFirmware.Diagnosis;
using LockFirmware.Power;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;
using Xunit.Abstractions;

namespace LockFirmware.Tests.Power;

/// <summary>Discharges through the simulator in virtual time (stand-in drain when the plant does not deplete).</summary>
public class DischargeScenarioTests(ITestOutputHelper output)
{
    private static DischargeRun Heavy(double temperatureC, int seed, double soc = 0.22, Action<DischargeRun, int>? eachDay = null) => new DischargeRun
    {
        Chemistry = Chemistry.Alkaline, TemperatureC = temperatureC, StateOfCharge = soc, UnlocksPerDay = 40, MaxDays = 120, EachDay = eachDay, Seed = seed,
    }.Run();

    /// <summary>
    /// Several simulated units (the seed draws the ESP32's reference error, trimmed at provisioning, its ADC
    /// non-linearity and noise, the divider, the current-sense gain and the bolt's friction), warm and cold.
    /// Unit 5 cold was left out while its critical came only 33 operations (16 pairs) before the first refused lock; with
    /// the guard predicting from the mean resistances it leads by 181.
    /// </summary>
    public static TheoryData<double, int> Units()
    {
        var data = new TheoryData<double, int>();
        for (int seed = 1; seed <= 6; seed++) data.Add(20.0, seed);
        for (int seed = 1; seed <= 6; seed++) data.Add(-20.0, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void Discharge_goes_ok_warning_critical_refuses_locks_keeps_unlocking_and_never_dies_locked(double temperatureC, int seed)
    {
        // Once only the reserve is left, someone locks with the key: the motor must still unlock it.
        bool keyTurned = false;
        // Levels reported before the second day may still be revised (docs/power.md: a level improves only on a new pack
        // or during the first day, when the 10-a-day usage assumption is replaced by the observed 40 a day).
        int levelsBeforeDay1 = 0;
        // Cold cells' resistance (2.6x at -20 C) moves the end of service up to ~24 % on a trimmed unit (bench/PowerBench,
        // alkaline -20): a 22 % pack would already be at the end, so the cold run starts at 30 %.
        var run = Heavy(temperatureC, seed, temperatureC < 0 ? 0.30 : 0.22, (r, day) =>
        {
            if (day == 1) levelsBeforeDay1 = r.Levels.Count;
            var fw = r.Sim!.ReportedFirmware;
            // Turned while the bolt stands withdrawn (the locks are refused, so after an unlock it stays so): a key turned
            // towards locked on a bolt already locked does nothing, and the test then depended on whether the reserve was
            // reached just before or just after an auto-relock (unit 6 at +20 C, two operations apart).
            if (keyTurned || fw == null || !fw.Battery.Estimator.LocksReserved || fw.LockState != LockFirmware.Access.LockState.Unlocked) return;
            keyTurned = true;
            r.Sim.Plant.ManualTurn(true);
        });
        Assert.True(keyTurned, "the reserve was reached");
        output.WriteLine($"levels {string.Join(",", run.Levels)} warn@{run.OperationsAtWarning} crit@{run.OperationsAtCritical} refused@{run.OperationsAtFirstRefusal} death@{run.OperationsAtDeath} died {run.Died} days {run.DaysAtDeath:F1} refused {run.RefusedLocks} unlocksAfter {run.UnlocksAfterFirstRefusal} failedUnlocks {run.FailedUnlocks}");
        foreach (var s in run.Samples.Where((_, i) => i < 12 || i % 40 == 0)) output.WriteLine(s.ToString());
        // Starts low (a fast run). The first day may revise the boot level once the usage is observed; from the first warning on: critical, and never better again (hysteresis).
        Assert.Equal(new[] { BatteryLevel.Warning, BatteryLevel.Critical }, run.Levels.Skip(Math.Max(levelsBeforeDay1 - 1, 0)).SkipWhile(l => l != BatteryLevel.Warning));
        // Locking ends with the reserve (a deep-sleeping lock then lives on for months, unlocking only): critical
        // must come at least 20 lock-plus-unlock pairs before the first refused lock.
        Assert.NotNull(run.OperationsAtFirstRefusal);
        Assert.True(run.OperationsAtFirstRefusal - run.OperationsAtCritical >= 40, "at least 20 pairs after critical");
        Assert.True(run.RefusedLocks > 0);
        Assert.True(run.UnlocksAfterFirstRefusal > 0);
        Assert.Equal(0, run.FailedUnlocks);
        Assert.False(run.DiedLocked);
        Assert.True(run.Sim!.Plant.BoltMm < 1, "the bolt ends withdrawn");
    }
}

/// <summary>Battery swap through the simulator.</summary>
public class BatterySwapScenarioTests
{
    [Fact]
    public void Swapping_a_low_pack_resets_the_estimate_and_clears_battery_low()
    {
        DischargeRun? run = null;
        run = new DischargeRun
        {
            Chemistry = Chemistry.Alkaline, StateOfCharge = 0.12, UnlocksPerDay = 10, MaxDays = 4,
            EachDay = (r, day) =>
            {
                if (day != 2) return;
                var fw = r.Sim!.ReportedFirmware!;
                Assert.NotEqual(BatteryLevel.Ok, fw.Battery.Level);
                r.Sim.Plant.SwapBattery(Chemistry.Alkaline, 1.0);
                r.Drain!.Reset(Chemistry.Alkaline, 1.0, r.Sim.Energy.TotalCoulombs);
            },
        }.Run();
        var fw = run.Sim!.ReportedFirmware!;
        Assert.Equal(BatteryLevel.Ok, fw.Battery.Level);
        Assert.Equal(1, fw.Battery.Estimator.Swaps);
        Assert.False(fw.Diagnosis.IsActive(FaultCode.BatteryLow));
        Assert.False(fw.Diagnosis.IsActive(FaultCode.BatteryCritical));
        Assert.False(fw.Battery.Estimator.LocksReserved);
        Assert.Contains(BatteryLevel.Ok, run.Levels.Skip(1));
    }
}

using LockFirmware.Power;
using Xunit;

namespace LockFirmware.Tests.Power;

/// <summary>The gauge with synthetic inputs.</summary>
public class BatteryEstimatorTests
{
    private const long Hour = 3600000;
    private const long MahUc = BatteryEstimator.MicrocoulombsPerMilliampHour;

    [Theory]
    [InlineData(1790, CellChemistry.Lithium)]
    [InlineData(1600, CellChemistry.Alkaline)]
    [InlineData(1380, CellChemistry.Nimh)]
    [InlineData(1200, CellChemistry.Alkaline)]
    public void Chemistry_is_detected_from_fresh_open_circuit_voltage(int cellMv, CellChemistry expected)
    {
        Assert.Equal(expected, ChemistryDetector.Detect(cellMv));
        var e = new BatteryEstimator();
        e.OnRestSample(0, 4 * cellMv);
        Assert.Equal(expected, e.Chemistry);
    }

    [Fact]
    public void Configured_chemistry_overrides_detection()
    {
        var e = new BatteryEstimator();
        e.Configure(CellChemistry.Nimh);
        e.OnRestSample(0, 6400);
        Assert.Equal(CellChemistry.Nimh, e.Chemistry);
    }

    [Fact]
    public void Internal_resistance_is_measured_by_the_two_point_method()
    {
        var e = new BatteryEstimator();
        e.OnRestSample(0, 6000);
        // 240 mV drop at 300 mA: 800 milliohms.
        e.OnStroke(1000, 6000, 5760, 300, 100000);
        Assert.Equal(800, e.PackMilliohms);
        e.OnStroke(2000, 6000, 5760, 300, 100000);
        Assert.Equal(800, e.BaselineMilliohms);
    }

    [Fact]
    public void Levels_fall_ok_warning_critical_with_hysteresis_and_reserve()
    {
        var e = new BatteryEstimator();
        e.OnRestSample(0, 6360); // fresh alkaline 1.59 V/cell
        Assert.Equal(BatteryLevel.Ok, e.Level);
        Assert.True(e.RemainingPairs > BatteryEstimator.WarningPairs);
        long t = 0;
        var seen = new List<BatteryLevel> { e.Level };
        int lastPairs = e.RemainingPairs;
        while (e.RemainingPairs > 0 && t < 400 * 24 * Hour)
        {
            t += Hour;
            e.AddCharge(800 * 3600); // 0.8 mA for an hour
            e.OnStroke(t, e.RestMillivolts, e.RestMillivolts - 200, 250, 100000);
            if (e.RemainingPairs == 0) break;
            // Small recoveries of the rest voltage must not flip the level back.
            long trueSoc = 1000 - e.UsedMicrocoulombs * 1000 / (2600 * MahUc);
            e.OnRestSample(t, (int)(4 * (1000 + 590 * trueSoc / 1000)) + (t / Hour % 2 == 0 ? 40 : -40));
            if (seen[^1] != e.Level) seen.Add(e.Level);
            if (t > 25 * Hour) Assert.True(e.RemainingPairs <= lastPairs + 5, "estimate does not jump up once usage is known");
            lastPairs = e.RemainingPairs;
            if (e.RemainingPairs <= 0) Assert.True(e.LocksReserved);
            if (e.RemainingPairs > 0) Assert.False(e.LocksReserved);
        }
        Assert.Equal(new[] { BatteryLevel.Ok, BatteryLevel.Warning, BatteryLevel.Critical }, seen);
    }

    [Fact]
    public void Alkaline_capacity_is_learned_from_the_rest_voltage_drop_and_the_count_follows_the_voltage()
    {
        // A pack that really holds 3100 mAh (above the rated 2600), read at rest with the MCU awake (38 mA through the
        // fresh 0.8 ohm: 30 mV below the open-circuit voltage).
        const int trueMah = 3100;
        var e = new BatteryEstimator();
        e.OnRestSample(0, 4 * ChemistryTables.CellMillivoltsFromSoc(CellChemistry.Alkaline, 1000) - 30);
        for (int h = 1; h <= 4000; h++)
        {
            e.AddCharge(trueMah * MahUc / 10000); // 4000 hours: 40 % of the pack
            int trueSoc = 1000 - (int)(e.UsedMicrocoulombs * 1000 / (trueMah * MahUc));
            e.OnRestSample(h * Hour, 4 * ChemistryTables.CellMillivoltsFromSoc(CellChemistry.Alkaline, trueSoc) - 30);
        }
        Assert.InRange(e.CapacityMilliampHours, 2950, 3250);
        Assert.InRange(e.StateOfChargePermille, 585, 615);
    }

    [Fact]
    public void A_rest_voltage_jump_is_a_battery_swap_that_resets_the_estimate()
    {
        var e = new BatteryEstimator();
        // A used pack (1.07 V/cell at rest, ~12 %: a few hundred pairs at the lock's ~50 uA deep-sleep average).
        e.OnRestSample(0, 4280);
        e.AddCharge(100 * MahUc);
        e.OnRestSample(Hour, 4260);
        Assert.NotEqual(BatteryLevel.Ok, e.Level);
        bool changed = e.OnRestSample(2 * Hour, 7150);
        Assert.True(changed);
        Assert.Equal(1, e.Swaps);
        Assert.Equal(CellChemistry.Lithium, e.Chemistry);
        Assert.Equal(0, e.UsedMicrocoulombs);
        Assert.Equal(BatteryLevel.Ok, e.Level);
        Assert.False(e.LocksReserved);
    }

    [Fact]
    public void Lithium_is_gauged_by_coulomb_counting_not_by_its_flat_voltage()
    {
        var e = new BatteryEstimator();
        e.OnRestSample(0, 7140);
        int fresh = e.RemainingPairs;
        e.AddCharge(1500 * MahUc); // half the rated 3000 mAh
        e.OnRestSample(Hour, 7100); // voltage barely moved
        Assert.InRange(e.StateOfChargePermille, 450, 550);
        Assert.True(e.RemainingPairs < fresh * 6 / 10);
        // The cliff: rest voltage well below the plateau caps the estimate.
        for (int i = 0; i < 8; i++) e.OnRestSample((2 + i) * Hour, 6000);
        Assert.True(e.StateOfChargePermille < 200);
    }

    [Fact]
    public void Cold_raises_resistance_without_emptying_the_estimate()
    {
        var warm = new BatteryEstimator();
        var cold = new BatteryEstimator();
        foreach (var e in new[] { warm, cold })
        {
            e.OnRestSample(0, 6200);
            e.OnStroke(1000, 6200, 6000, 250, 100000);
            e.OnStroke(2000, 6200, 6000, 250, 100000);
        }
        // -20 C: resistance about 3.5x (E91 0.2 ohm at 21 C, 0.9 at -40 C).
        for (int i = 0; i < 8; i++) cold.OnStroke(3000 + i, 6200, 5500, 250, 100000);
        for (int i = 0; i < 8; i++) warm.OnStroke(3000 + i, 6200, 6000, 250, 100000);
        Assert.True(cold.Cold);
        Assert.False(warm.Cold);
        Assert.InRange(cold.RemainingPairs, warm.RemainingPairs * 95 / 100, warm.RemainingPairs * 105 / 100);
        Assert.Equal(BatteryLevel.Ok, cold.Level);
        Assert.False(cold.ColdLimited(16700), "a fresh pack at -20 C still drives the motor");
    }

    [Fact]
    public void A_stroke_that_would_brown_out_is_duty_limited_or_refused()
    {
        var e = new BatteryEstimator();
        e.OnRestSample(0, 6000);
        Assert.Equal(1000, e.MaxDutyPermille(true));
        // A weak, cold pack: 4.2 V at rest and 3 ohms.
        var weak = new BatteryEstimator();
        weak.OnRestSample(0, 4200);
        weak.OnStroke(1000, 4200, 3450, 250, 100000);
        int lockCap = weak.MaxDutyPermille(true);
        int unlockCap = weak.MaxDutyPermille(false);
        Assert.True(weak.PredictedLoadMillivolts(16700) < BatteryEstimator.MinLoadMillivolts);
        Assert.True(lockCap == 0 || lockCap >= BatteryEstimator.MinLockDutyPermille && lockCap < 1000);
        Assert.InRange(unlockCap, BatteryEstimator.MinUnlockDutyPermille, 999);
        // A very weak pack refuses locking outright but still tries to unlock.
        var dead = new BatteryEstimator();
        dead.OnRestSample(0, 3800);
        dead.OnStroke(1000, 3800, 3000, 250, 100000);
        Assert.Equal(0, dead.MaxDutyPermille(true));
        Assert.Equal(BatteryEstimator.MinUnlockDutyPermille, dead.MaxDutyPermille(false));
        Assert.True(dead.RefusedForBrownout > 0);
    }

    [Fact]
    public void Power_budget_counts_busy_polls_as_awake_and_long_gaps_as_sleep()
    {
        var b = new PowerBudget();
        b.Account(0, 5, 0, 0);
        long awake = b.Account(5, 10, 0, 0); // 5 ms awake at 38 mA plus the board's 12 uA = 190 uC
        Assert.Equal((5 * 38000 + 5 * 12) / 1000, awake);
        long sleep = b.Account(10, 60010, 0, 0); // next wake in a minute: busy flag was set at 10 for 5..10
        long gap = b.Account(60010, 120010, 100, 0); // 60 s in light sleep (2 ms wake), board loads, LED 100 ms
        Assert.Equal((2 * 38000 + 59998 * 800 + 60000 * 12) / 1000 + 500, gap);
        Assert.True(sleep >= 0);
    }

    [Fact]
    public void A_deep_sleep_is_charged_at_the_deep_sleep_current_plus_one_boot()
    {
        // An hour asleep: 10 uA chip + 12 uA board, then 800 ms at 45 mA: 79.2 mC + 36 mC.
        long uc = PowerBudget.DeepSleepMicrocoulombs(3600000);
        Assert.Equal((3600000L - 800) * 22 / 1000 + 800L * 45012 / 1000, uc);
        // The boot costs as much as about 45 s of light sleep's extra 0.79 mA: the awake window is of that order.
        Assert.InRange(PowerBudget.BootMs * PowerBudget.BootMicroamps / (PowerBudget.SleepMicroamps - PowerBudget.DeepSleepMicroamps), 30000, LockController.AwakeWindowMs);
    }
}

using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;
using Xunit.Abstractions;

namespace LockFirmware.Tests.Power;

/// <summary>
/// Issue 5: the remaining-operations estimate of a cold alkaline pack, from the first warning on, against the operations the
/// lock actually delivered before its first refused lock (the end of service). In the cold the end comes when a full-duty
/// stroke would sag the pack below the regulator's floor, not when the charge is gone; the estimate has to predict that.
/// </summary>
public class ColdEstimateTests(ITestOutputHelper output)
{
    /// <summary>Relative error (%) of each sample from the first warning to 10 pairs before the end, as bench/PowerBench measures it.</summary>
    private static List<double> Errors(DischargeRun run)
    {
        int end = run.OperationsAtEndOfService;
        return run.Samples.Where(s => run.OperationsAtWarning is int w && s.Operations >= w && end - s.Operations >= 20)
            .Select(s => Math.Abs(2.0 * s.EstimatedPairs - (end - s.Operations)) / (end - s.Operations) * 100).OrderBy(e => e).ToList();
    }

    /// <summary>A pack at 42 % at -20 C, 10 operations a day (5 unlocks, each auto-relocked), run to its end of service.</summary>
    private static DischargeRun ColdRun(int seed) => new DischargeRun
    {
        Chemistry = Chemistry.Alkaline, TemperatureC = -20, StateOfCharge = 0.42, UnlocksPerDay = 5, MaxDays = 500, Seed = seed,
    }.Run();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    // Units 7, 9 and 12 since boot10: on the merge of boot9 onto the breakaway check (7452a04) they failed (max 36 / 39 %,
    // p90 31 % on unit 12): the trend gain lagging a capacity learned late, and the floor's last wander deciding where the
    // reserve began (BatteryEstimator.LearnCapacity, FollowFloorPpm; docs/power.md, boot10).
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(12)]
    public void Cold_alkaline_estimate_from_the_first_warning_tracks_the_operations_delivered(int seed)
    {
        // A pack at 42 % at -20 C, 10 operations a day (5 unlocks, each auto-relocked): about 3700 operations to the
        // end of service at ~23 % (the cold pack's resistance, not its charge, ends it).
        var run = ColdRun(seed);
        Assert.NotNull(run.OperationsAtFirstRefusal);
        Assert.NotNull(run.OperationsAtWarning);
        int end = run.OperationsAtEndOfService;
        int warnAt = run.OperationsAtWarning!.Value;
        var atWarning = run.Samples.First(s => s.Operations >= warnAt);
        double warningError = (2.0 * atWarning.EstimatedPairs - (end - atWarning.Operations)) / (end - atWarning.Operations) * 100;
        var errors = Errors(run);
        output.WriteLine($"end {end} warn@{warnAt} crit@{run.OperationsAtCritical} estimate at warning {atWarning.EstimatedPairs} pairs, delivered {(end - atWarning.Operations) / 2} ({warningError:F0} %); error median {errors[errors.Count / 2]:F0} % p90 {errors[(int)(errors.Count * 0.9)]:F0} %");
        Assert.InRange(warningError, -20, 20);
        Assert.True(errors[errors.Count / 2] <= 20, $"median error {errors[errors.Count / 2]:F0} % from the first warning on");
        // The issue's +-20 % from the first warning on, at the 90th percentile and near the end. Before the followed floor
        // moved with the count's voltage correction and used the long motor-resistance mean (fc58590): p90 43 / 26 %,
        // max 68 / 205 % on units 1 / 3; then 7 / 8 %, max 13 / 11 %. boot9 merged onto the breakaway check (7452a04): max
        // 39 / 30 %; since the trend gain follows the learned capacity at once and the floor is held from critical on
        // (boot10): p90 7 / 12 %, max 8 / 14 %.
        Assert.True(errors[(int)(errors.Count * 0.9)] <= 20, $"p90 error {errors[(int)(errors.Count * 0.9)]:F0} % from the first warning on");
        Assert.True(errors[^1] <= 30, $"max error {errors[^1]:F0} % from the first warning on (to 10 pairs before the end)");
        Assert.True(end - warnAt >= 400, "warning at least 200 pairs before the end");
        Assert.True(end - run.OperationsAtCritical >= 40, "critical at least 20 pairs before the end");
        Assert.Equal(0, run.FailedUnlocks);
        Assert.False(run.DiedLocked);
    }

    [Theory]
    // PowerBench `alkaline -20 --seed 5` and `--seed 15`: the strokes' sampled inrush peak fell 4.6-4.8 % against a running
    // current that fell 1.4 % over the warning period, so the two-point resistance over the peak rose 5-6 % faster than the
    // cells' and the end of service came 12-13 permille above the floor forecast at the first warning (p90 26 / 30 %, the
    // estimate 25-31 % high for the first 150 pairs). Since the dip is divided by the running current scaled by the slowly
    // followed inrush ratio (BatteryEstimator.StrokeCurrentMilliamps): p90 8 / 5 % (docs/power.md, gauge10).
    [InlineData(5)]
    [InlineData(15)]
    public void Full_cold_alkaline_pack_estimate_from_the_first_warning_does_not_follow_the_inrush_sample(int seed)
    {
        var run = new DischargeRun
        {
            Chemistry = Chemistry.Alkaline, TemperatureC = -20, StateOfCharge = 1.0, UnlocksPerDay = 5, MaxDays = 2500, Seed = seed,
        }.Run();
        Assert.NotNull(run.OperationsAtWarning);
        var errors = Errors(run);
        output.WriteLine($"end {run.OperationsAtEndOfService} warn@{run.OperationsAtWarning} crit@{run.OperationsAtCritical} error median {errors[errors.Count / 2]:F0} % p90 {errors[(int)(errors.Count * 0.9)]:F0} % max {errors[^1]:F0} %");
        Assert.True(errors[(int)(errors.Count * 0.9)] <= 20, $"p90 error {errors[(int)(errors.Count * 0.9)]:F0} % from the first warning on");
        Assert.True(run.OperationsAtEndOfService - run.OperationsAtCritical >= 40, "critical at least 20 pairs before the end");
        Assert.Equal(0, run.FailedUnlocks);
        Assert.False(run.DiedLocked);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Cold_alkaline_estimate_never_says_twice_the_operations_left_near_the_end(int seed)
    {
        // The floor search moves +-3-5 permille from stroke to stroke near the end of a cold pack (30-40 pairs); counted
        // straight into the estimate, samples near the end read more than twice the pairs left, and the end came wherever
        // a high search happened to fall. The estimate now counts down to a floor followed over ~64 pairs
        // (BatteryEstimator.FollowFloorPpm): on these units 17 and 10 samples from the first warning on were more than
        // 100 % off before, none now.
        var run = ColdRun(seed);
        var errors = Errors(run);
        output.WriteLine($"end {run.OperationsAtEndOfService} error median {errors[errors.Count / 2]:F0} % p90 {errors[(int)(errors.Count * 0.9)]:F0} % max {errors[^1]:F0} %");
        Assert.True(errors.Count > 300, "samples from the first warning on");
        Assert.Equal(0, errors.Count(e => e > 100));
        Assert.Equal(0, run.FailedUnlocks);
        Assert.False(run.DiedLocked);
    }

    [Theory]
    [InlineData(1, 0.20)]
    [InlineData(3, 0.21)]
    public void A_pack_that_went_critical_in_a_cold_spell_gets_its_pairs_back_when_it_warms(int seed, double stateOfCharge)
    {
        // A used pack in service at +20 C goes to -20 C on day 3 (its resistance, not its charge, brings the floor up to it:
        // critical, locks refused) and back to +20 C on day 10. From critical on the followed floor is held
        // (BatteryEstimator.FollowFloorPpm), but not against a search that has fallen more than FloorStepPpm below it: with
        // the hold alone unit 1 stayed at 0 pairs and refused every lock to day 40 (147 refused) although the warm pack had
        // ~400 pairs left.
        int refusedAtDay12 = -1, pairsAtDay30 = -1;
        bool criticalInTheCold = false;
        var run = new DischargeRun
        {
            Chemistry = Chemistry.Alkaline, TemperatureC = 20, StateOfCharge = stateOfCharge, UnlocksPerDay = 5, MaxDays = 31, Seed = seed,
            EachDay = (r, d) =>
            {
                if (d == 3) r.Sim!.Plant.SetTemperature(-20);
                if (d == 10) r.Sim!.Plant.SetTemperature(20);
                var est = r.Sim!.ReportedFirmware?.Battery.Estimator;
                if (est == null) return;
                if (d == 10) criticalInTheCold = est.Level == LockFirmware.Power.BatteryLevel.Critical;
                if (d == 12) refusedAtDay12 = r.RefusedLocks;
                if (d == 30) pairsAtDay30 = est.RemainingPairs;
            },
        }.Run();
        output.WriteLine($"unit {seed}: critical in the cold {criticalInTheCold}, refused by day 12 {refusedAtDay12}, in all {run.RefusedLocks}, pairs at day 30 {pairsAtDay30}");
        Assert.True(criticalInTheCold, "critical at the end of the cold spell");
        Assert.True(pairsAtDay30 > 2 * LockFirmware.Power.BatteryEstimator.CriticalPairs, $"{pairsAtDay30} pairs left on day 30");
        Assert.Equal(refusedAtDay12, run.RefusedLocks);
        Assert.Equal(0, run.FailedUnlocks);
    }
}

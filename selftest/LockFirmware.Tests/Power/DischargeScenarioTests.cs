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
    private static DischargeRun Heavy(double temperatureC, double soc = 0.4, Action<DischargeRun, int>? eachDay = null) => new DischargeRun
    {
        Chemistry = Chemistry.Alkaline, TemperatureC = temperatureC, StateOfCharge = soc, UnlocksPerDay = 40, MaxDays = 120, EachDay = eachDay,
    }.Run();

    [Theory]
    [InlineData(20)]
    [InlineData(-20)]
    public void Discharge_goes_ok_warning_critical_refuses_locks_keeps_unlocking_and_never_dies_locked(double temperatureC)
    {
        var run = Heavy(temperatureC);
        output.WriteLine($"levels {string.Join(",", run.Levels)} warn@{run.OperationsAtWarning} crit@{run.OperationsAtCritical} death@{run.OperationsAtDeath} days {run.DaysAtDeath:F1} refused {run.RefusedLocks} unlocksAfter {run.UnlocksAfterFirstRefusal} failedUnlocks {run.FailedUnlocks}");
        foreach (var s in run.Samples.Where((_, i) => i % 40 == 0)) output.WriteLine(s.ToString());
        Assert.True(run.Died);
        Assert.Equal(new[] { BatteryLevel.Ok, BatteryLevel.Warning, BatteryLevel.Critical }, run.Levels);
        Assert.True(run.OperationsAtDeath - run.OperationsAtWarning >= 400, "at least 200 lock+unlock pairs after the warning");
        Assert.True(run.OperationsAtDeath - run.OperationsAtCritical >= 40, "at least 20 pairs after critical");
        Assert.True(run.RefusedLocks > 0);
        Assert.True(run.UnlocksAfterFirstRefusal > 0);
        Assert.Equal(0, run.FailedUnlocks);
        Assert.False(run.DiedLocked);
    }
}

using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;
using Xunit.Abstractions;

namespace LockFirmware.Tests.Power;

/// <summary>
/// The state of charge of a warm pack near its end (BatteryEstimator.BootPolarisationMilliamps): most rest readings are
/// taken right after a deep-sleep wake's boot and carry its polarisation, so the open-circuit voltage read from them sat
/// low and the count's voltage correction pulled the state of charge under the truth at +20 C (PowerBench: 2-15 permille).
/// </summary>
public class WarmStateOfChargeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(3)]
    [InlineData(9)]
    [InlineData(10)]
    public void A_warm_packs_state_of_charge_near_the_end_is_not_read_low(int seed)
    {
        var run = new DischargeRun
        {
            Chemistry = Chemistry.Alkaline, TemperatureC = 20, StateOfCharge = 0.16, UnlocksPerDay = 5, MaxDays = 600, Seed = seed,
        }.Run();
        Assert.NotNull(run.OperationsAtWarning);
        var near = run.Samples.Where(s => s.Operations >= run.OperationsAtWarning && s.SocPermille > 0).ToList();
        Assert.True(near.Count > 20, $"{near.Count} samples from the warning on");
        double meanError = near.Average(s => s.SocPermille - s.TrueSoc * 1000);
        output.WriteLine($"unit {seed}: {near.Count} samples, state of charge - truth mean {meanError:F1} permille");
        // Measured (10 operations a day from 16 %): -8.6 / -8.6 / -9.0 permille on units 10 / 9 / 3 without the boot
        // correction, -6.7 / -6.8 / -7.1 with it; the rest of the offset is not the boot's (docs/power.md).
        Assert.InRange(meanError, -8.0, 6.0);
        Assert.False(run.DiedLocked);
        Assert.Equal(0, run.FailedUnlocks);
    }
}

using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Plant;

/// <summary>The physical plant under the run engine and the unchanged firmware.</summary>
public class PlantInEngineTests
{
    [Fact]
    public void A_lock_with_a_nearly_empty_pack_at_minus_20C_starts_provisioned_and_browns_out_when_the_motor_starts()
    {
        var sim = new SimulatedLock(new SimOptions
        {
            Hardware = new PlantParameters { TemperatureC = -20, StateOfCharge = 0.04 },
        });
        Assert.True(sim.McuRunning);
        Assert.Equal(-20, sim.Plant.TemperatureC);
        int brownOutsBefore = sim.Plant.BrownOutCount;

        sim.TypeKeys(1000, "123456#");
        sim.RunUntil(10000);

        Assert.True(sim.Plant.BrownOutCount > brownOutsBefore, "the stroke's current sags the cold, empty pack below the brown-out level");
        Assert.True(sim.Plant.BoltMm > 20, $"the bolt barely moved before the reset (at {sim.Plant.BoltMm:F1} mm)");
        Assert.True(sim.McuRunning, "the MCU restarts once the pack recovers without the motor load");
    }

    [Fact]
    public void A_week_of_idle_runs_in_a_fraction_of_a_second_and_charges_the_mcu_and_the_divider()
    {
        var sim = new SimulatedLock(new SimOptions());
        var sw = System.Diagnostics.Stopwatch.StartNew();

        sim.RunUntil(7L * 24 * 3600 * 1000);

        Assert.True(sw.ElapsedMilliseconds < 30000, $"took {sw.ElapsedMilliseconds} ms");
        Assert.True(sim.Plant.Energy.MilliampHours(EnergyConsumer.Mcu) > 1.0);
        Assert.InRange(sim.Plant.Energy.MilliampHours(EnergyConsumer.Divider), 3.0, 4.0); // ~21 uA x 168 h
        Assert.True(sim.Plant.BatteryStateOfCharge < 1.0);
    }
}

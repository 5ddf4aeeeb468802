using System.Linq;
using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Plant;

/// <summary>Temperature and battery state acting on the lock as measured through its sensors.</summary>
public class EnvironmentTests
{
    [Fact]
    public void Cold_lock_sags_the_pack_deeper_and_throws_the_bolt_slower()
    {
        var warmPlant = new LockPlant(new PlantParameters { InitialBoltMm = 0, TemperatureC = 21, StateOfCharge = 0.5 }, 3);
        var coldPlant = new LockPlant(new PlantParameters { InitialBoltMm = 0, TemperatureC = -20, StateOfCharge = 0.5 }, 3);
        double warmRest = Rest(warmPlant);
        double coldRest = Rest(coldPlant);

        var warm = PlantProbe.Drive(warmPlant, BridgeMode.Forward, 2.0);
        var cold = PlantProbe.Drive(coldPlant, BridgeMode.Forward, 2.0);

        double warmSag = warmRest - warm.MeanBatteryCounts(0.2, 0.5);
        double coldSag = coldRest - cold.MeanBatteryCounts(0.2, 0.5);
        Assert.True(coldSag > 1.5 * warmSag, $"sag while running: cold {coldSag:F0} counts, warm {warmSag:F0} counts");
        Assert.True(cold.ExtendedAt > 1.15 * warm.ExtendedAt, $"stroke: cold {cold.ExtendedAt:F3} s, warm {warm.ExtendedAt:F3} s");
        Assert.True(cold.MeanCurrentCounts(0.2, 0.5) > warm.MeanCurrentCounts(0.2, 0.5), "stiff grease needs more current");
    }

    private static double Rest(LockPlant plant)
    {
        double sum = 0;
        for (int i = 0; i < 32; i++)
        {
            sum += plant.SampleBatteryCounts();
        }
        return sum / 32;
    }

    [Fact]
    public void Nearly_empty_pack_at_minus_20C_browns_out_the_MCU_during_a_stroke()
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0, TemperatureC = -20, StateOfCharge = 0.03 }, 5);
        Assert.True(plant.McuPowered);
        int restingCounts = plant.SampleBatteryCounts();

        var s = PlantProbe.Drive(plant, BridgeMode.Forward, 0.3);

        Assert.Contains(false, s.McuPowered);
        Assert.True(plant.BrownOutCount >= 1);
        // The pack fell below what the regulator needs to hold the ESP32 above its 2.43 V brown-out level.
        Assert.True(s.BatteryMillivolts.Min() < 2500, $"lowest pack voltage {s.BatteryMillivolts.Min():F0} mV");
        Assert.True(PlantProbe.CountsToPackMillivolts(restingCounts) > 3400, "at rest the pack still reads well above the sag");
    }

    [Fact]
    public void Brown_out_releases_the_bridge_and_the_MCU_restarts_once_the_pack_recovers()
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0, TemperatureC = -20, StateOfCharge = 0.03 }, 5);
        plant.SetBridge(BridgeMode.Forward, 1000);
        while (plant.McuPowered)
        {
            plant.Step(0.001);
        }
        double boltAtReset = plant.BoltMm;

        plant.Step(0.2);

        Assert.False(plant.MotorEnergised);
        Assert.True(plant.McuPowered, "the pack recovers without the motor load and the MCU restarts");
        Assert.InRange(plant.BoltMm, boltAtReset - 0.5, boltAtReset + 0.5);
        Assert.True(plant.McuStartCount >= 2);
    }

    [Fact]
    public void Warm_motor_winding_heats_during_a_stall_and_stall_current_drops()
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 25 }, 9);

        var s = PlantProbe.Drive(plant, BridgeMode.Forward, 6.0);

        double early = s.MeanCurrentCounts(0.1, 0.3);
        double late = s.MeanCurrentCounts(5.5, 6.0);
        Assert.True(plant.MotorWindingC > 40, $"winding at {plant.MotorWindingC:F1} C");
        Assert.True(late < early - 30, $"stall current counts {early:F0} -> {late:F0} as copper warms");
    }
}

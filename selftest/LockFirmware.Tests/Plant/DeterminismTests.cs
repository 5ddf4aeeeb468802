using System.Collections.Generic;
using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Plant;

public class DeterminismTests
{
    private static List<double> Trace(int seed)
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0, TemperatureC = 5, StateOfCharge = 0.7 }, seed);
        var trace = new List<double>();
        plant.TypeKeys("123#");
        plant.SetKeypadRows(0xF);
        for (int i = 0; i < 1500; i++)
        {
            plant.Step(0.001);
            trace.Add(plant.ReadKeypadColumns());
        }
        plant.SetBridge(BridgeMode.Forward, 800);
        for (int i = 0; i < 1200; i++)
        {
            plant.Step(0.001);
            trace.Add(plant.SampleMotorCurrentCounts());
            trace.Add(plant.SampleBatteryCounts());
            trace.Add(plant.BoltMm);
            trace.Add(plant.LimitExtendedHigh ? 1 : 0);
        }
        plant.SetBridge(BridgeMode.Coast, 0);
        plant.ManualTurn(towardsLocked: false);
        for (int i = 0; i < 1000; i++)
        {
            plant.Step(0.001);
            trace.Add(plant.BoltMm);
            trace.Add(plant.LimitRetractedHigh ? 1 : 0);
        }
        plant.AdvanceQuiet(3600);
        trace.Add(plant.BatteryTerminalMillivolts);
        trace.Add(plant.Energy.TotalMilliampHours);
        return trace;
    }

    [Fact]
    public void Same_seed_and_calls_give_an_identical_trace()
    {
        Assert.Equal(Trace(42), Trace(42));
    }

    [Fact]
    public void Different_seeds_give_different_noise_and_tolerances()
    {
        Assert.NotEqual(Trace(42), Trace(43));
    }
}

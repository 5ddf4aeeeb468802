using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Plant;

public class ManualAndEnergyTests
{
    [Fact]
    public void Thumbturn_throws_the_bolt_in_about_half_a_second_with_the_motor_coasting()
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0 }, 21);
        plant.ManualTurn(towardsLocked: true);
        double closedAt = double.NaN;
        int minCurrentCounts = int.MaxValue;
        int idle = plant.SampleMotorCurrentCounts();

        for (int i = 0; i < 1500; i++)
        {
            plant.Step(0.001);
            if (double.IsNaN(closedAt) && !plant.LimitExtendedHigh)
            {
                closedAt = plant.TimeSeconds;
            }
            minCurrentCounts = System.Math.Min(minCurrentCounts, plant.SampleMotorCurrentCounts());
        }

        Assert.True(plant.BoltMm > 24.5, $"bolt at {plant.BoltMm:F2} mm");
        Assert.InRange(closedAt, 0.3, 1.0);
        Assert.False(plant.MotorEnergised);
        // Back-driven fast, the motor's EMF exceeds the pack plus two diode drops: current flows back through the
        // shunt and the channel dips below its zero-current bias.
        Assert.True(minCurrentCounts < idle - 10, $"min {minCurrentCounts} vs idle {idle} counts");
        Assert.True(plant.IsQuiet);
    }

    [Fact]
    public void Thumbturn_is_slower_against_a_braking_motor()
    {
        var coasting = new LockPlant(new PlantParameters { InitialBoltMm = 0 }, 22);
        var braking = new LockPlant(new PlantParameters { InitialBoltMm = 0 }, 22);
        braking.SetBridge(BridgeMode.Brake, 0);
        coasting.ManualTurn(true);
        braking.ManualTurn(true);

        coasting.Step(0.3);
        braking.Step(0.3);

        Assert.True(braking.BoltMm < coasting.BoltMm - 1.0, $"braking {braking.BoltMm:F1} mm vs coasting {coasting.BoltMm:F1} mm at 0.3 s");
    }

    [Fact]
    public void Energy_ledger_charges_each_consumer_what_it_drew()
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0 }, 23);
        plant.SetLed(LedColour.Green, 1000);
        plant.SetBuzzer(2700, 1000);
        PlantProbe.Drive(plant, BridgeMode.Forward, 1.0);
        plant.SetLed(LedColour.Off, 0);
        plant.SetBuzzer(0, 0);
        plant.SetMcuState(McuPowerState.DeepSleep);
        plant.Step(0.05);
        double mcuBefore = plant.Energy.MilliampHours(EnergyConsumer.Mcu);

        plant.AdvanceQuiet(86400);

        var e = plant.Energy;
        // A stroke of ~0.7 s at ~120 mA plus a stall: a few hundredths of a mAh.
        Assert.InRange(e.MilliampHours(EnergyConsumer.Motor), 0.02, 0.12);
        Assert.InRange(e.MilliampHours(EnergyConsumer.Led), 4.1 / 3600 * 0.9, 4.1 / 3600 * 1.1);
        Assert.InRange(e.MilliampHours(EnergyConsumer.Buzzer), 15.0 / 3600 * 0.9, 15.0 / 3600 * 1.1);
        // A day of deep sleep at 10 uA is 0.24 mAh.
        Assert.InRange(e.MilliampHours(EnergyConsumer.Mcu) - mcuBefore, 0.23, 0.25);
        // The 3 MOhm divider draws ~2 uA all day; the regulator 2 uA; the closed retracted-limit switch's 1 MOhm pull-up 3.3 uA.
        Assert.InRange(e.MilliampHours(EnergyConsumer.Divider), 0.04, 0.055);
        Assert.InRange(e.MilliampHours(EnergyConsumer.Regulator), 0.047, 0.049);
        Assert.InRange(e.MilliampHours(EnergyConsumer.WakeInputs), 0.07, 0.17);
        Assert.True(plant.BatteryStateOfCharge < 1.0);
    }

    [Fact]
    public void Quiet_advance_matches_stepping_through_the_same_idle_time()
    {
        LockPlant Make()
        {
            var p = new LockPlant(new PlantParameters { InitialBoltMm = 0, StateOfCharge = 0.4 }, 24);
            p.SetMcuState(McuPowerState.LightSleep);
            return p;
        }
        var stepped = Make();
        var jumped = Make();

        stepped.Step(60.0);
        jumped.AdvanceQuiet(60.0);

        Assert.Equal(stepped.BatteryTerminalMillivolts, jumped.BatteryTerminalMillivolts, 2); // within 10 uV
        Assert.Equal(stepped.Energy.TotalMilliampHours, jumped.Energy.TotalMilliampHours, 6);
        Assert.Equal(stepped.TimeSeconds, jumped.TimeSeconds, 9);
    }
}

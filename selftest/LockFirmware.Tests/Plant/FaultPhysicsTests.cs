using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Plant;

/// <summary>Each injectable fault changes what the sensors measure the way the physics says it should.</summary>
public class FaultPhysicsTests
{
    private static LockPlant NewPlant(DoorPosition door = DoorPosition.Closed, double boltMm = 0) =>
        new(new PlantParameters { Door = door, InitialBoltMm = boltMm }, 7);

    [Fact]
    public void Jam_at_8mm_stops_the_bolt_near_8mm_and_current_climbs_towards_stall()
    {
        var healthy = PlantProbe.Drive(NewPlant(), BridgeMode.Forward, 1.5);
        var plant = NewPlant();
        plant.Inject(PlantFault.Jam(8.0));

        var jammed = PlantProbe.Drive(plant, BridgeMode.Forward, 1.5);

        Assert.InRange(plant.BoltMm, 8.0, 9.0);
        double running = healthy.MeanCurrentCounts(0.2, 0.4);
        double stalled = jammed.MeanCurrentCounts(1.2, 1.5);
        Assert.True(stalled > 1.8 * running, $"stalled {stalled:F0} counts vs running {running:F0}");
        Assert.InRange(PlantProbe.CountsToMilliamps(stalled), 280, 420);
        Assert.True(double.IsNaN(jammed.ExtendedAt), "the extended switch never closes");
    }

    [Theory]
    [InlineData(0.0, 0.3)] [InlineData(0.0, 0.0)] [InlineData(0.2, 0.6)] [InlineData(0.5, 1.0)]
    public void An_obstacle_closer_in_than_the_resting_bolt_lies_against_its_tip(double obstacleMm, double boltMm)
    {
        // audit11 (blind contract audit): `jam` position_mm 0 is in the documented range 0..25, but the bolt rests a
        // little out from 0 (0.0-0.6 mm after the firmware's back-off), so the obstacle waited for a retraction to 0 that
        // never came and the lock threw fully: a valid fault silently did nothing. An obstacle cannot sit inside the bolt:
        // closer in than the bolt at home (retracted switch closed) can go, it lies against the tip.
        var plant = NewPlant(boltMm: boltMm);
        plant.Inject(PlantFault.Jam(obstacleMm));

        var s = PlantProbe.Drive(plant, BridgeMode.Forward, 1.5);

        Assert.InRange(plant.BoltMm, 0.0, boltMm + 1.0);
        Assert.True(double.IsNaN(s.ExtendedAt), "the extended switch never closes");
    }

    [Fact]
    public void An_obstacle_closer_in_than_a_retracting_bolt_rests_against_where_the_tip_stops()
    {
        // Thrown bolt, obstacle at 0: the unlock brings the bolt home, stopped short of the end stop as the firmware stops
        // it once the retracted switch closes; the next lock meets the obstacle at once.
        var plant = NewPlant(boltMm: 25);
        plant.Inject(PlantFault.Jam(0.0));
        for (int i = 0; i < 300 && plant.BoltMm > 0.7; i++) PlantProbe.Drive(plant, BridgeMode.Reverse, 0.005);
        PlantProbe.Drive(plant, BridgeMode.Brake, 0.3);
        double home = plant.BoltMm;
        Assert.True(home > 0.05, $"the bolt stopped short of 0: {home:F2} mm");

        PlantProbe.Drive(plant, BridgeMode.Forward, 1.5);

        Assert.InRange(plant.BoltMm, 0.0, home + 1.2);
    }

    [Fact]
    public void An_obstacle_placed_while_the_bolt_is_out_still_waits_for_the_bolt_to_retract_past_it()
    {
        // Unchanged: obstacle at 8 mm with the bolt thrown lies in the path of the next extension, not of this one.
        var plant = NewPlant(boltMm: 25);
        plant.Inject(PlantFault.Jam(8.0));
        PlantProbe.Drive(plant, BridgeMode.Reverse, 1.5);
        Assert.True(plant.BoltMm < 1.1, $"the unlock is not blocked: bolt at {plant.BoltMm:F2} mm");

        PlantProbe.Drive(plant, BridgeMode.Forward, 1.5);

        Assert.InRange(plant.BoltMm, 8.0, 9.0);
    }

    [Fact]
    public void Clearing_a_jam_lets_the_bolt_complete_its_throw()
    {
        var plant = NewPlant();
        plant.Inject(PlantFault.Jam(8.0));
        PlantProbe.Drive(plant, BridgeMode.Forward, 1.0);
        plant.Clear(PlantFaultKind.Jam);

        var resumed = PlantProbe.Drive(plant, BridgeMode.Forward, 1.5);

        Assert.True(plant.BoltMm > 24.5, $"bolt at {plant.BoltMm:F2} mm");
        Assert.False(double.IsNaN(resumed.ExtendedAt));
    }

    [Fact]
    public void Strike_offset_stalls_the_bolt_on_the_plate_face_with_the_door_closed()
    {
        var plant = NewPlant(DoorPosition.Closed);
        plant.Inject(PlantFault.StrikeOffset(3.0));

        var s = PlantProbe.Drive(plant, BridgeMode.Forward, 1.5);

        // Tip meets the plate at the 4 mm door gap.
        Assert.InRange(plant.BoltMm, 4.0, 4.6);
        Assert.InRange(PlantProbe.CountsToMilliamps(s.MeanCurrentCounts(1.2, 1.5)), 280, 420);
    }

    [Fact]
    public void Strike_offset_does_not_matter_with_the_door_open()
    {
        var plant = NewPlant(DoorPosition.Open);
        plant.Inject(PlantFault.StrikeOffset(3.0));

        var s = PlantProbe.Drive(plant, BridgeMode.Forward, 1.5);

        Assert.True(plant.BoltMm > 24.5, $"bolt at {plant.BoltMm:F2} mm");
        Assert.InRange(s.ExtendedAt, 0.5, 0.9);
    }

    [Fact]
    public void Strike_just_inside_the_clearance_rubs_and_raises_running_current()
    {
        var aligned = PlantProbe.Drive(NewPlant(), BridgeMode.Forward, 1.2);
        var plant = NewPlant();
        plant.Inject(PlantFault.StrikeOffset(1.4));

        var rubbing = PlantProbe.Drive(plant, BridgeMode.Forward, 1.2);

        Assert.True(plant.BoltMm > 24.5);
        Assert.True(rubbing.MeanCurrentCounts(0.4, 0.6) > aligned.MeanCurrentCounts(0.4, 0.6) + 20);
    }

    [Fact]
    public void Stiff_actuator_strokes_slower_with_higher_running_current()
    {
        var healthy = PlantProbe.Drive(NewPlant(), BridgeMode.Forward, 2.5);
        var plant = NewPlant();
        plant.Inject(PlantFault.StiffActuator(3.0));

        var stiff = PlantProbe.Drive(plant, BridgeMode.Forward, 2.5);

        Assert.True(stiff.ExtendedAt > 1.5 * healthy.ExtendedAt, $"{stiff.ExtendedAt:F3} s vs {healthy.ExtendedAt:F3} s");
        double healthyMa = PlantProbe.CountsToMilliamps(healthy.MeanCurrentCounts(0.2, 0.5));
        double stiffMa = PlantProbe.CountsToMilliamps(stiff.MeanCurrentCounts(0.2, 0.5));
        Assert.True(stiffMa > 1.6 * healthyMa, $"{stiffMa:F0} mA vs {healthyMa:F0} mA");
    }

    [Fact]
    public void Weak_actuator_strokes_slower_and_stalls_at_lower_current()
    {
        var healthy = PlantProbe.Drive(NewPlant(), BridgeMode.Forward, 2.5);
        var plant = NewPlant();
        plant.Inject(PlantFault.WeakActuator(0.5));

        var weak = PlantProbe.Drive(plant, BridgeMode.Forward, 2.5);

        Assert.True(weak.ExtendedAt > 1.3 * healthy.ExtendedAt, $"{weak.ExtendedAt:F3} s vs {healthy.ExtendedAt:F3} s");
        double healthyStall = healthy.MeanCurrentCounts(2.0, 2.5);
        double weakStall = weak.MeanCurrentCounts(2.0, 2.5);
        Assert.True(weakStall < 0.7 * healthyStall, $"stall {weakStall:F0} vs {healthyStall:F0} counts");
    }

    [Fact]
    public void Open_motor_circuit_reads_the_zero_current_bias_while_driven_and_the_bolt_stays()
    {
        var plant = NewPlant();
        int idleCounts = plant.SampleMotorCurrentCounts();
        plant.Inject(PlantFault.MotorOpenCircuit());

        var s = PlantProbe.Drive(plant, BridgeMode.Forward, 1.0);

        Assert.InRange(s.MeanCurrentCounts(0.0, 1.0), idleCounts - 15, idleCounts + 15);
        // 200 mV bias: about 210 counts on a nominal ADC; this unit's Vref moves it by up to +-10 %.
        Assert.InRange(PlantProbe.CountsToMillivolts(s.MeanCurrentCounts(0.0, 1.0)), 170, 235);
        Assert.True(plant.BoltMm < 0.01, $"bolt at {plant.BoltMm:F3} mm");
    }

    [Fact]
    public void Motor_short_pins_the_current_channel_near_the_rail_and_nothing_moves()
    {
        var plant = NewPlant();
        plant.Inject(PlantFault.MotorShort(0.1));

        var s = PlantProbe.Drive(plant, BridgeMode.Forward, 0.5);

        // Amplifier output saturates at its 3.3 V supply less ~20 mV: far above any real motor current.
        Assert.True(s.MeanCurrentCounts(0.05, 0.5) > 3000, $"{s.MeanCurrentCounts(0.05, 0.5):F0} counts");
        Assert.True(plant.BoltMm < 0.1, $"bolt at {plant.BoltMm:F3} mm");
        // Amps through bridge, wiring and pack resistance pull the pack down hard.
        Assert.True(PlantProbe.CountsToPackMillivolts(s.MeanBatteryCounts(0.05, 0.5)) < 4500);
    }

    [Fact]
    public void Limit_switch_stuck_closed_reads_low_wherever_the_bolt_is()
    {
        var plant = NewPlant();
        Assert.True(plant.LimitExtendedHigh);
        plant.Inject(PlantFault.LimitSwitchStuck(LimitSwitchId.Extended, ContactLevel.Closed));

        Assert.False(plant.LimitExtendedHigh);
        Assert.True(plant.BoltMm < 0.01);
        plant.Clear(PlantFaultKind.LimitSwitchStuck);
        Assert.True(plant.LimitExtendedHigh);
    }

    [Fact]
    public void Limit_switch_stuck_open_stays_high_after_a_full_throw()
    {
        var plant = NewPlant();
        plant.Inject(PlantFault.LimitSwitchStuck(LimitSwitchId.Extended, ContactLevel.Open));

        var s = PlantProbe.Drive(plant, BridgeMode.Forward, 1.5);

        Assert.True(plant.BoltMm > 24.5);
        Assert.True(double.IsNaN(s.ExtendedAt));
        Assert.True(plant.LimitExtendedHigh);
    }

    [Fact]
    public void Adc_stuck_returns_fixed_counts_whatever_the_current()
    {
        var plant = NewPlant();
        plant.Inject(PlantFault.AdcStuck(AdcChannelId.MotorCurrent, 1234));

        var s = PlantProbe.Drive(plant, BridgeMode.Forward, 0.5);

        Assert.All(s.CurrentCounts, c => Assert.Equal(1234, c));
        Assert.True(plant.SenseCurrentMilliamps > 50, "the motor really draws current");
        Assert.NotEqual(1234, plant.SampleBatteryCounts());
    }

    [Fact]
    public void Door_sensor_stuck_closed_reads_low_with_the_door_open()
    {
        var plant = NewPlant(DoorPosition.Closed);
        plant.Inject(PlantFault.DoorSensorStuck(ContactLevel.Closed));

        plant.SetDoor(open: true);
        plant.Step(0.01);

        Assert.Equal(DoorPosition.Open, plant.Door);
        Assert.False(plant.DoorReedHigh);
        plant.Clear(PlantFaultKind.DoorSensorStuck);
        Assert.True(plant.DoorReedHigh);
    }
}

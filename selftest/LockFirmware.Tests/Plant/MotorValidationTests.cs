using System;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Plant;

/// <summary>
/// The gearmotor model against the Pololu Micro Metal Gearmotors datasheet (rev 2.0, May 2018), 150.58:1 LP 6V:
/// 90 rpm and 0.02 A no-load, 0.36 A stall, 11 kg*mm stall torque, at 6 V.
/// </summary>
public class MotorValidationTests
{
    [Fact]
    public void No_load_speed_and_current_at_6V_match_the_datasheet_within_5_percent()
    {
        var motor = new DcMotor(25.0);

        var (rpm, amps) = motor.RunBench(6.0, 0.0, 1.0, 1e-4);

        Assert.InRange(rpm, 90.0 * 0.95, 90.0 * 1.05);
        Assert.InRange(amps, 0.02 * 0.95, 0.02 * 1.05);
    }

    [Fact]
    public void Stall_current_at_6V_matches_the_datasheet_within_5_percent()
    {
        var motor = new DcMotor(25.0);

        var (rpm, amps) = motor.RunBench(6.0, 0.5, 0.2, 1e-4);

        Assert.Equal(0.0, rpm);
        Assert.InRange(amps, 0.36 * 0.95, 0.36 * 1.05);
    }

    [Fact]
    public void Output_turns_just_below_the_datasheet_stall_torque_and_stalls_just_above_it()
    {
        double stallNm = 11.0 * 9.80665e-3;

        var below = new DcMotor(25.0).RunBench(6.0, 0.9 * stallNm, 1.0, 1e-4);
        var above = new DcMotor(25.0).RunBench(6.0, 1.05 * stallNm, 1.0, 1e-4);

        Assert.InRange(below.OutputRpm, 0.05 * 90, 0.2 * 90);
        Assert.Equal(0.0, above.OutputRpm);
    }

    [Fact]
    public void Cold_winding_draws_more_stall_current_as_copper_resistance_falls()
    {
        var warm = new DcMotor(25.0).RunBench(6.0, 0.5, 0.1, 1e-4);
        var cold = new DcMotor(-20.0).RunBench(6.0, 0.5, 0.1, 1e-4);

        // Copper: R(-20 C) = R(25 C) x (1 - 0.00393 x 45) = 0.823 R, so stall current rises ~21 %.
        Assert.InRange(cold.Amps / warm.Amps, 1.18, 1.24);
    }
}

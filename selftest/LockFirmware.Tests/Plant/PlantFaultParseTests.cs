using System;
using System.Collections.Generic;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Plant;

/// <summary>Faults built from their contract names and parameters (scenario files, the console's sim command).</summary>
public class PlantFaultParseTests
{
    private static Dictionary<string, string> P(params string[] kv)
    {
        var d = new Dictionary<string, string>();
        for (int i = 0; i < kv.Length; i += 2)
        {
            d[kv[i]] = kv[i + 1];
        }
        return d;
    }

    [Fact]
    public void Jam_with_position_and_stiffness_parses_to_a_spring_obstacle()
    {
        var f = PlantFault.Parse("jam", P("position_mm", "8", "stiffness_n_per_mm", "150"));

        Assert.Equal(PlantFaultKind.Jam, f.Kind);
        Assert.Equal(8.0, f.PositionMm);
        Assert.Equal(150.0, f.StiffnessNPerMm);
        Assert.Equal("jam", f.Name);
    }

    [Fact]
    public void Stuck_switch_and_adc_parse_their_words()
    {
        var sw = PlantFault.Parse("limit_switch_stuck", P("switch", "retracted", "level", "closed"));
        var adc = PlantFault.Parse("adc_stuck", P("channel", "battery", "counts", "4095"));

        Assert.False(sw.ExtendedSwitch);
        Assert.True(sw.StuckClosed);
        Assert.True(adc.BatteryChannel);
        Assert.Equal(4095, adc.Counts);
    }

    [Theory]
    [InlineData("jammed", "position_mm", "8")]          // unknown fault
    [InlineData("jam", "position", "8")]               // unknown parameter
    [InlineData("jam", "position_mm", "eight")]        // not a number
    [InlineData("weak_actuator", "torque_factor", "1.5")] // out of range
    [InlineData("adc_stuck", "counts", "5000")]        // missing channel / out of range
    [InlineData("door_sensor_stuck", "level", "ajar")] // bad word
    public void Bad_fault_descriptions_are_refused_with_a_reason(string name, string key, string value)
    {
        var e = Assert.Throws<FormatException>(() => PlantFault.Parse(name, P(key, value)));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void Every_fault_kind_round_trips_through_its_contract_name()
    {
        foreach (PlantFaultKind kind in Enum.GetValues<PlantFaultKind>())
        {
            Assert.Equal(kind, PlantFault.KindOf(PlantFault.NameOf(kind)));
        }
    }
}

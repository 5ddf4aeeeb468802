using System.Globalization;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// The contract names of injectable plant faults and their parameters, shared by scenario files and the
/// simulator's <c>sim inject</c> console command. Parameters are validated here so both report the same reasons.
/// </summary>
public static class PlantFaultNames
{
    private static readonly (string Name, PlantFaultKind Kind, string[] Params)[] Table =
    {
        ("jam", PlantFaultKind.Jam, new[] { "position_mm", "stiffness_n_per_mm" }),
        ("strike_offset", PlantFaultKind.StrikeOffset, new[] { "mm" }),
        ("stiff_actuator", PlantFaultKind.StiffActuator, new[] { "friction_factor" }),
        ("weak_actuator", PlantFaultKind.WeakActuator, new[] { "torque_factor" }),
        ("motor_open_circuit", PlantFaultKind.MotorOpenCircuit, Array.Empty<string>()),
        ("motor_short", PlantFaultKind.MotorShort, Array.Empty<string>()),
        ("limit_switch_stuck", PlantFaultKind.LimitSwitchStuck, new[] { "switch", "level" }),
        ("adc_stuck", PlantFaultKind.AdcStuck, new[] { "channel", "counts" }),
        ("door_sensor_stuck", PlantFaultKind.DoorSensorStuck, new[] { "level" }),
    };

    /// <summary>All injectable fault names, in contract order.</summary>
    public static IEnumerable<string> All => Table.Select(t => t.Name);

    /// <summary>Contract name of <paramref name="kind"/>.</summary>
    public static string Name(PlantFaultKind kind) => Table.First(t => t.Kind == kind).Name;

    /// <summary>Parses a fault name.</summary>
    public static bool TryParse(string name, out PlantFaultKind kind)
    {
        foreach (var t in Table)
        {
            if (t.Name == name) { kind = t.Kind; return true; }
        }
        kind = default;
        return false;
    }

    /// <summary>Reason text for an unknown fault name.</summary>
    public static string Unknown(string name) => $"unknown fault '{name}'; injectable faults are: {string.Join(", ", All)}";

    /// <summary>
    /// Builds the fault from its parameters (name -> (value text, line)). Missing optional parameters keep the
    /// plant defaults (jam at 8 mm, 200 N/mm; strike offset 4 mm; factors 2 and 0.5); <c>switch</c>, <c>level</c>,
    /// <c>channel</c> and <c>counts</c> are required where they apply.
    /// </summary>
    /// <param name="kind">Which fault.</param>
    /// <param name="parameters">Parameter values with their source lines.</param>
    /// <param name="fail">Makes the exception for (line, reason).</param>
    public static PlantFault Build(PlantFaultKind kind, IReadOnlyDictionary<string, (string Value, int Line)> parameters, Func<int, string, Exception> fail)
    {
        var entry = Table.First(t => t.Kind == kind);
        foreach (var (key, (_, line)) in parameters)
        {
            if (Array.IndexOf(entry.Params, key) < 0)
            {
                string allowed = entry.Params.Length == 0 ? "it takes no parameters" : "its parameters are " + string.Join(", ", entry.Params);
                throw fail(line, $"unknown parameter '{key}' for fault {entry.Name}; {allowed}");
            }
        }
        double Num(string key, double def, double min, double max, bool minExclusive = false)
        {
            if (!parameters.TryGetValue(key, out var v)) return def;
            if (!double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d))
                throw fail(v.Line, $"{key} must be a number, not '{v.Value}'");
            if (d < min || d > max || (minExclusive && d == min))
                throw fail(v.Line, $"{key} {v.Value} is out of range ({(minExclusive ? "above " : "")}{min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)})");
            return d;
        }
        string Word(string key, params string[] allowed)
        {
            if (!parameters.TryGetValue(key, out var v)) throw fail(0, $"fault {entry.Name} needs {key}: {string.Join("|", allowed)}");
            if (Array.IndexOf(allowed, v.Value) < 0) throw fail(v.Line, $"{key} must be {string.Join(" or ", allowed)}, not '{v.Value}'");
            return v.Value;
        }
        // ADC counts are whole: 12.5 ran as 12 and 1e3 as 1000 (blind acceptance tests).
        int WholeCounts()
        {
            var v = parameters["counts"];
            if (!int.TryParse(v.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n)) throw fail(v.Line, $"counts must be a whole number, not '{v.Value}'");
            if (n < 0 || n > 4095) throw fail(v.Line, $"counts {v.Value} is out of range (0..4095)");
            return n;
        }
        if (kind == PlantFaultKind.AdcStuck && !parameters.ContainsKey("counts")) throw fail(0, "fault adc_stuck needs counts: 0..4095");
        return kind switch
        {
            PlantFaultKind.Jam => new PlantFault { Kind = kind, PositionMm = Num("position_mm", 8, 0, 25), StiffnessNPerMm = Num("stiffness_n_per_mm", 200, 0, 1e6, true) },
            PlantFaultKind.StrikeOffset => new PlantFault { Kind = kind, OffsetMm = Num("mm", 4, 0, 20) },
            PlantFaultKind.StiffActuator => new PlantFault { Kind = kind, Factor = Num("friction_factor", 2, 0, 100, true) },
            PlantFaultKind.WeakActuator => new PlantFault { Kind = kind, Factor = Num("torque_factor", 0.5, 0, 1, true) },
            PlantFaultKind.LimitSwitchStuck => new PlantFault { Kind = kind, ExtendedSwitch = Word("switch", "extended", "retracted") == "extended", StuckClosed = Word("level", "open", "closed") == "closed" },
            PlantFaultKind.AdcStuck => new PlantFault { Kind = kind, BatteryChannel = Word("channel", "battery", "motor_current") == "battery", Counts = WholeCounts() },
            PlantFaultKind.DoorSensorStuck => new PlantFault { Kind = kind, StuckClosed = Word("level", "open", "closed") == "closed" },
            _ => new PlantFault { Kind = kind },
        };
    }
}

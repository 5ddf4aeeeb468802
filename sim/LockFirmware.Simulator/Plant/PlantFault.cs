using System;
using System.Collections.Generic;
using System.Globalization;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// One injected fault with its parameters (unused parameters keep their defaults). Build it with an object
/// initializer, a factory method, or <see cref="Parse"/> from the scenario/console form (contract name plus
/// snake_case parameters).
/// </summary>
public sealed class PlantFault
{
    /// <summary>Which fault.</summary>
    public PlantFaultKind Kind { get; init; }

    /// <summary>Jam: bolt extension where the obstacle sits, mm.</summary>
    public double PositionMm { get; init; } = 8;

    /// <summary>Jam: obstacle stiffness, N/mm (200: a steel obstacle or warped frame; a wedged wood sliver is ~20-50).</summary>
    public double StiffnessNPerMm { get; init; } = 200;

    /// <summary>Strike offset, mm (beyond the 1.5 mm hole clearance the bolt hits the plate).</summary>
    public double OffsetMm { get; init; } = 4;

    /// <summary>Stiff actuator: friction multiplier (> 1). Weak actuator: fraction of stall torque left (0..1).</summary>
    public double Factor { get; init; } = 1;

    /// <summary>Motor short: resistance across the terminals, ohms (solder bridge, pinched leads).</summary>
    public double ShortOhms { get; init; } = 0.1;

    /// <summary>Limit switch stuck: true for the extended switch, false for the retracted one.</summary>
    public bool ExtendedSwitch { get; init; }

    /// <summary>Switch or door sensor stuck level: true = closed (reads low), false = open (reads high).</summary>
    public bool StuckClosed { get; init; }

    /// <summary>ADC stuck: true for the battery channel, false for motor current.</summary>
    public bool BatteryChannel { get; init; }

    /// <summary>ADC stuck: the counts returned.</summary>
    public int Counts { get; init; }

    /// <summary>Contract name of the fault kind.</summary>
    public string Name => NameOf(Kind);

    /// <summary>An obstacle at <paramref name="positionMm"/> with stiffness <paramref name="stiffnessNPerMm"/>.</summary>
    public static PlantFault Jam(double positionMm, double stiffnessNPerMm = 200.0)
    {
        if (!(stiffnessNPerMm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(stiffnessNPerMm), stiffnessNPerMm, "stiffness must be positive");
        }
        return new PlantFault { Kind = PlantFaultKind.Jam, PositionMm = positionMm, StiffnessNPerMm = stiffnessNPerMm };
    }

    /// <summary>Strike hole offset from the bolt by <paramref name="mm"/>.</summary>
    public static PlantFault StrikeOffset(double mm) => new() { Kind = PlantFaultKind.StrikeOffset, OffsetMm = mm };

    /// <summary>Bolt friction multiplied by <paramref name="frictionFactor"/>.</summary>
    public static PlantFault StiffActuator(double frictionFactor)
    {
        if (!(frictionFactor > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(frictionFactor), frictionFactor, "friction factor must be positive");
        }
        return new PlantFault { Kind = PlantFaultKind.StiffActuator, Factor = frictionFactor };
    }

    /// <summary>Motor stall torque reduced to <paramref name="torqueFactor"/> of nominal.</summary>
    public static PlantFault WeakActuator(double torqueFactor)
    {
        if (!(torqueFactor > 0) || torqueFactor > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(torqueFactor), torqueFactor, "torque factor must be in (0, 1]");
        }
        return new PlantFault { Kind = PlantFaultKind.WeakActuator, Factor = torqueFactor };
    }

    /// <summary>A broken motor lead.</summary>
    public static PlantFault MotorOpenCircuit() => new() { Kind = PlantFaultKind.MotorOpenCircuit };

    /// <summary>Motor terminals shorted through <paramref name="ohms"/>.</summary>
    public static PlantFault MotorShort(double ohms = 0.1)
    {
        if (!(ohms > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(ohms), ohms, "short resistance must be positive");
        }
        return new PlantFault { Kind = PlantFaultKind.MotorShort, ShortOhms = ohms };
    }

    /// <summary>A limit switch reading <paramref name="level"/> whatever the bolt does.</summary>
    public static PlantFault LimitSwitchStuck(LimitSwitchId which, ContactLevel level) => new()
    {
        Kind = PlantFaultKind.LimitSwitchStuck,
        ExtendedSwitch = which == LimitSwitchId.Extended,
        StuckClosed = level == ContactLevel.Closed,
    };

    /// <summary>An ADC channel returning <paramref name="counts"/>.</summary>
    public static PlantFault AdcStuck(AdcChannelId channel, int counts)
    {
        if (counts < 0 || counts > EspAdc.MaxCounts)
        {
            throw new ArgumentOutOfRangeException(nameof(counts), counts, "counts must be 0..4095");
        }
        return new PlantFault { Kind = PlantFaultKind.AdcStuck, BatteryChannel = channel == AdcChannelId.Battery, Counts = counts };
    }

    /// <summary>The door reed switch reading <paramref name="level"/>.</summary>
    public static PlantFault DoorSensorStuck(ContactLevel level) =>
        new() { Kind = PlantFaultKind.DoorSensorStuck, StuckClosed = level == ContactLevel.Closed };

    /// <summary>Contract name of a fault kind.</summary>
    public static string NameOf(PlantFaultKind kind) => kind switch
    {
        PlantFaultKind.Jam => "jam",
        PlantFaultKind.StrikeOffset => "strike_offset",
        PlantFaultKind.StiffActuator => "stiff_actuator",
        PlantFaultKind.WeakActuator => "weak_actuator",
        PlantFaultKind.MotorOpenCircuit => "motor_open_circuit",
        PlantFaultKind.MotorShort => "motor_short",
        PlantFaultKind.LimitSwitchStuck => "limit_switch_stuck",
        PlantFaultKind.AdcStuck => "adc_stuck",
        PlantFaultKind.DoorSensorStuck => "door_sensor_stuck",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown fault"),
    };

    /// <summary>Fault kind from its contract name; throws <see cref="FormatException"/> for an unknown name.</summary>
    public static PlantFaultKind KindOf(string name)
    {
        foreach (PlantFaultKind k in Enum.GetValues<PlantFaultKind>())
        {
            if (NameOf(k) == name)
            {
                return k;
            }
        }
        throw new FormatException($"unknown plant fault '{name}' (known: jam, strike_offset, stiff_actuator, weak_actuator, "
            + "motor_open_circuit, motor_short, limit_switch_stuck, adc_stuck, door_sensor_stuck)");
    }

    /// <summary>
    /// Builds a fault from its contract name and snake_case parameters, e.g. <c>jam</c> with
    /// <c>position_mm=8</c>. Unknown parameters and bad values throw <see cref="FormatException"/>.
    /// </summary>
    public static PlantFault Parse(string name, IReadOnlyDictionary<string, string> parameters)
    {
        PlantFaultKind kind = KindOf(name);
        var allowed = kind switch
        {
            PlantFaultKind.Jam => new[] { "position_mm", "stiffness_n_per_mm" },
            PlantFaultKind.StrikeOffset => new[] { "mm" },
            PlantFaultKind.StiffActuator => new[] { "friction_factor" },
            PlantFaultKind.WeakActuator => new[] { "torque_factor" },
            PlantFaultKind.MotorShort => new[] { "ohms" },
            PlantFaultKind.LimitSwitchStuck => new[] { "switch", "level" },
            PlantFaultKind.AdcStuck => new[] { "channel", "counts" },
            PlantFaultKind.DoorSensorStuck => new[] { "level" },
            _ => Array.Empty<string>(),
        };
        foreach (var key in parameters.Keys)
        {
            if (Array.IndexOf(allowed, key) < 0)
            {
                throw new FormatException($"fault '{name}' has no parameter '{key}'"
                    + (allowed.Length > 0 ? $" (parameters: {string.Join(", ", allowed)})" : " (it takes none)"));
            }
        }
        try
        {
            return kind switch
            {
                PlantFaultKind.Jam => Jam(Number(parameters, "position_mm", null),
                    Number(parameters, "stiffness_n_per_mm", 200.0)),
                PlantFaultKind.StrikeOffset => StrikeOffset(Number(parameters, "mm", null)),
                PlantFaultKind.StiffActuator => StiffActuator(Number(parameters, "friction_factor", 3.0)),
                PlantFaultKind.WeakActuator => WeakActuator(Number(parameters, "torque_factor", 0.5)),
                PlantFaultKind.MotorOpenCircuit => MotorOpenCircuit(),
                PlantFaultKind.MotorShort => MotorShort(Number(parameters, "ohms", 0.1)),
                PlantFaultKind.LimitSwitchStuck => LimitSwitchStuck(
                    Word(parameters, "switch", "extended", "retracted") == "extended" ? LimitSwitchId.Extended : LimitSwitchId.Retracted,
                    Word(parameters, "level", "open", "closed") == "open" ? ContactLevel.Open : ContactLevel.Closed),
                PlantFaultKind.AdcStuck => AdcStuck(
                    Word(parameters, "channel", "battery", "motor_current") == "battery" ? AdcChannelId.Battery : AdcChannelId.MotorCurrent,
                    (int)Number(parameters, "counts", null)),
                PlantFaultKind.DoorSensorStuck => DoorSensorStuck(
                    Word(parameters, "level", "open", "closed") == "open" ? ContactLevel.Open : ContactLevel.Closed),
                _ => throw new FormatException($"unknown plant fault '{name}'"),
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"fault '{name}': {e.Message}", e);
        }
    }

    private static double Number(IReadOnlyDictionary<string, string> p, string key, double? fallback)
    {
        if (!p.TryGetValue(key, out var text))
        {
            if (fallback.HasValue)
            {
                return fallback.Value;
            }
            throw new FormatException($"missing parameter '{key}'");
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new FormatException($"parameter '{key}' must be a number, not '{text}'");
        }
        return value;
    }

    private static string Word(IReadOnlyDictionary<string, string> p, string key, string a, string b)
    {
        if (!p.TryGetValue(key, out var text))
        {
            throw new FormatException($"missing parameter '{key}' ({a} or {b})");
        }
        if (text != a && text != b)
        {
            throw new FormatException($"parameter '{key}' must be {a} or {b}, not '{text}'");
        }
        return text;
    }
}

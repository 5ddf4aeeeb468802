using System;
using System.Collections.Generic;
using System.Globalization;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// One injectable fault with its parameters. Create with the factory methods or <see cref="Parse"/> from the
/// scenario/console form (<c>fault</c> name plus snake_case parameters).
/// </summary>
public sealed class PlantFault
{
    private PlantFault(PlantFaultKind kind)
    {
        Kind = kind;
    }

    /// <summary>Which fault.</summary>
    public PlantFaultKind Kind { get; }

    /// <summary>Jam: obstacle position, mm of bolt extension.</summary>
    public double PositionMm { get; private init; }

    /// <summary>Jam: obstacle stiffness, N/mm.</summary>
    public double StiffnessNPerMm { get; private init; }

    /// <summary>Strike offset, mm.</summary>
    public double OffsetMm { get; private init; }

    /// <summary>Stiff actuator: friction multiplier (> 1).</summary>
    public double FrictionFactor { get; private init; } = 1;

    /// <summary>Weak actuator: fraction of stall torque left (0..1).</summary>
    public double TorqueFactor { get; private init; } = 1;

    /// <summary>Motor short: resistance across the terminals, ohms.</summary>
    public double ShortOhms { get; private init; }

    /// <summary>Limit switch stuck: which switch.</summary>
    public LimitSwitchId Switch { get; private init; }

    /// <summary>Stuck switch or door sensor: the level it reads as.</summary>
    public ContactLevel Level { get; private init; }

    /// <summary>ADC stuck: which channel.</summary>
    public AdcChannelId Channel { get; private init; }

    /// <summary>ADC stuck: the counts returned.</summary>
    public int Counts { get; private init; }

    /// <summary>Contract name of the fault kind.</summary>
    public string Name => NameOf(Kind);

    /// <summary>An obstacle at <paramref name="positionMm"/> (default stiffness 50 N/mm: a wedged screwdriver or a warped frame).</summary>
    public static PlantFault Jam(double positionMm, double stiffnessNPerMm = 50.0)
    {
        if (stiffnessNPerMm <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stiffnessNPerMm), stiffnessNPerMm, "stiffness must be positive");
        }
        return new PlantFault(PlantFaultKind.Jam) { PositionMm = positionMm, StiffnessNPerMm = stiffnessNPerMm };
    }

    /// <summary>Strike hole offset from the bolt by <paramref name="mm"/> (beyond ~1.5 mm the bolt hits the plate).</summary>
    public static PlantFault StrikeOffset(double mm) => new(PlantFaultKind.StrikeOffset) { OffsetMm = mm };

    /// <summary>Bolt friction multiplied by <paramref name="frictionFactor"/>.</summary>
    public static PlantFault StiffActuator(double frictionFactor)
    {
        if (frictionFactor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frictionFactor), frictionFactor, "friction factor must be positive");
        }
        return new PlantFault(PlantFaultKind.StiffActuator) { FrictionFactor = frictionFactor };
    }

    /// <summary>Motor stall torque reduced to <paramref name="torqueFactor"/> of nominal.</summary>
    public static PlantFault WeakActuator(double torqueFactor)
    {
        if (torqueFactor <= 0 || torqueFactor > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(torqueFactor), torqueFactor, "torque factor must be in (0, 1]");
        }
        return new PlantFault(PlantFaultKind.WeakActuator) { TorqueFactor = torqueFactor };
    }

    /// <summary>A broken motor lead.</summary>
    public static PlantFault MotorOpenCircuit() => new(PlantFaultKind.MotorOpenCircuit);

    /// <summary>Motor terminals shorted through <paramref name="ohms"/> (default 0.1 Ohm: solder bridge, pinched leads).</summary>
    public static PlantFault MotorShort(double ohms = 0.1)
    {
        if (ohms <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ohms), ohms, "short resistance must be positive");
        }
        return new PlantFault(PlantFaultKind.MotorShort) { ShortOhms = ohms };
    }

    /// <summary>A limit switch reading <paramref name="level"/> whatever the bolt does.</summary>
    public static PlantFault LimitSwitchStuck(LimitSwitchId which, ContactLevel level) =>
        new(PlantFaultKind.LimitSwitchStuck) { Switch = which, Level = level };

    /// <summary>An ADC channel returning <paramref name="counts"/>.</summary>
    public static PlantFault AdcStuck(AdcChannelId channel, int counts)
    {
        if (counts < 0 || counts > EspAdc.MaxCounts)
        {
            throw new ArgumentOutOfRangeException(nameof(counts), counts, "counts must be 0..4095");
        }
        return new PlantFault(PlantFaultKind.AdcStuck) { Channel = channel, Counts = counts };
    }

    /// <summary>The door reed switch reading <paramref name="level"/>.</summary>
    public static PlantFault DoorSensorStuck(ContactLevel level) => new(PlantFaultKind.DoorSensorStuck) { Level = level };

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
                    Number(parameters, "stiffness_n_per_mm", 50.0)),
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

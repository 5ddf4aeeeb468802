using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// The INA181A2 current-sense amplifier across the 100 mOhm ISEN shunt, referenced to a 200 mV bias on its
/// REF pin: Vout = Vref + 50 x (I x Rshunt + Vos). INA181 datasheet (TI SBOS793): gain 50 V/V for the A2 grade,
/// gain error +-1 % max, input offset +-150 uV max, bandwidth 350 kHz (so it follows the load current at once),
/// output swings to within about 20 mV of its supply (3.3 V here) and to within a few mV of ground.
/// Per-unit gain error, offset and shunt tolerance (1 %) are drawn from a seed.
/// </summary>
public sealed class CurrentSenseAmplifier
{
    /// <summary>Draws one board's tolerances from <paramref name="unit"/>.</summary>
    public CurrentSenseAmplifier(Random unit)
    {
        double gainError = (unit.NextDouble() * 2 - 1) * 0.005;
        double shuntError = (unit.NextDouble() * 2 - 1) * 0.01;
        VoltsPerAmp = 50.0 * (1 + gainError) * 0.1 * (1 + shuntError);
        OffsetVolts = (unit.NextDouble() * 2 - 1) * 100e-6 * 50.0;
        BiasVolts = 0.200 * (1 + (unit.NextDouble() * 2 - 1) * 0.01);
    }

    /// <summary>Transimpedance of shunt and amplifier, V per A (nominal 5 V/A = 5 mV per mA).</summary>
    public double VoltsPerAmp { get; }

    /// <summary>Output offset from the amplifier's input offset, volts.</summary>
    public double OffsetVolts { get; }

    /// <summary>REF-pin bias, volts (nominal 200 mV).</summary>
    public double BiasVolts { get; }

    /// <summary>How close the output gets to the supply rail, volts.</summary>
    public double HeadroomVolts { get; init; } = 0.020;

    /// <summary>Output voltage for a shunt current, with the amplifier powered from <paramref name="supplyVolts"/>.</summary>
    public double OutputVolts(double shuntAmps, double supplyVolts)
    {
        if (supplyVolts <= 0)
        {
            return 0;
        }
        double v = BiasVolts + OffsetVolts + VoltsPerAmp * shuntAmps;
        double high = supplyVolts - HeadroomVolts;
        if (v > high)
        {
            v = high;
        }
        return v < 0.002 ? 0.002 : v;
    }
}

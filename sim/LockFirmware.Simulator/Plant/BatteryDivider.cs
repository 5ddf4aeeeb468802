using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// The always-connected 2 M / 1 M battery divider to the ADC (BoardConfig.BatteryDividerRatio = 3), with
/// 1 % resistors drawn from a seed. It draws about 2 uA from a fresh 4 x AA pack all the time (the earlier
/// 200 k / 100 k drew 21 uA, twice the deep-sleeping ESP32).
/// </summary>
public sealed class BatteryDivider
{
    /// <summary>Draws one board's resistor values from <paramref name="unit"/>.</summary>
    public BatteryDivider(Random unit)
    {
        TopOhms = 2e6 * (1 + (unit.NextDouble() * 2 - 1) * 0.01);
        BottomOhms = 1e6 * (1 + (unit.NextDouble() * 2 - 1) * 0.01);
    }

    /// <summary>Upper resistor, ohms.</summary>
    public double TopOhms { get; }

    /// <summary>Lower resistor, ohms.</summary>
    public double BottomOhms { get; }

    /// <summary>Tap voltage for a pack voltage.</summary>
    public double TapVolts(double packVolts) => packVolts * BottomOhms / (TopOhms + BottomOhms);

    /// <summary>Current the divider draws from the pack.</summary>
    public double Amps(double packVolts) => packVolts > 0 ? packVolts / (TopOhms + BottomOhms) : 0;
}

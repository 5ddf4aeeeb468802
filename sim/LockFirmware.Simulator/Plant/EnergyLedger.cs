using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// Charge and energy taken from the battery pack, broken down by consumer. Charge is counted at the pack
/// terminals (what a coulomb counter on the pack would see); energy is charge times the pack terminal voltage.
/// </summary>
public sealed class EnergyLedger
{
    private const int Count = 9;
    private readonly double[] _coulombs = new double[Count];
    private readonly double[] _joules = new double[Count];

    /// <summary>Adds <paramref name="amps"/> drawn for <paramref name="seconds"/> at <paramref name="volts"/>.</summary>
    public void Add(EnergyConsumer consumer, double amps, double volts, double seconds)
    {
        double q = amps * seconds;
        _coulombs[(int)consumer] += q;
        _joules[(int)consumer] += q * volts;
    }

    /// <summary>Charge drawn by one consumer, in milliampere-hours.</summary>
    public double MilliampHours(EnergyConsumer consumer) => _coulombs[(int)consumer] / 3.6;

    /// <summary>Energy drawn by one consumer, in joules.</summary>
    public double Joules(EnergyConsumer consumer) => _joules[(int)consumer];

    /// <summary>Charge drawn through the terminals by every consumer (self-discharge excluded), in mAh.</summary>
    public double TotalMilliampHours
    {
        get
        {
            double sum = 0;
            for (int i = 0; i < Count; i++)
            {
                if (i != (int)EnergyConsumer.SelfDischarge)
                {
                    sum += _coulombs[i];
                }
            }
            return sum / 3.6;
        }
    }

    /// <summary>Energy drawn through the terminals by every consumer, in joules.</summary>
    public double TotalJoules
    {
        get
        {
            double sum = 0;
            for (int i = 0; i < Count; i++)
            {
                if (i != (int)EnergyConsumer.SelfDischarge)
                {
                    sum += _joules[i];
                }
            }
            return sum;
        }
    }

    /// <summary>A copy of the per-consumer charges in mAh, indexed by <see cref="EnergyConsumer"/>.</summary>
    public double[] SnapshotMilliampHours()
    {
        var copy = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            copy[i] = _coulombs[i] / 3.6;
        }
        return copy;
    }

    /// <summary>Clears every row.</summary>
    public void Reset()
    {
        Array.Clear(_coulombs);
        Array.Clear(_joules);
    }
}

using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Engine;

/// <summary>
/// Discharges a plant whose battery model does not deplete by itself (the stand-in plant keeps its state of
/// charge fixed): state of charge = initial - charge metered by <see cref="EnergyMeter"/> / capacity, and when
/// it reaches zero the cells collapse (power cut). Capacities are the low-drain datasheet figures (the lock
/// draws about a milliamp on average): E91 3000 mAh at 25 mA, L91 about 3500 mAh, NiMH AA 2000 mAh. Used by
/// tests and benches through <see cref="SimulatedLock.OnStep"/>; not needed once the plant depletes itself.
/// </summary>
public sealed class StandInDrain
{
    private Chemistry _chemistry;
    private double _initialSoc;
    private double _startCoulombs;

    /// <summary>Starts draining a pack of <paramref name="chemistry"/> at <paramref name="stateOfCharge"/>.</summary>
    public StandInDrain(Chemistry chemistry, double stateOfCharge, double meteredCoulombs = 0) => Reset(chemistry, stateOfCharge, meteredCoulombs);

    /// <summary>True once the pack is exhausted.</summary>
    public bool Dead { get; private set; }
    /// <summary>Current state of charge (0..1).</summary>
    public double StateOfCharge { get; private set; }
    /// <summary>Capacity of the current pack, C.</summary>
    public double CapacityCoulombs => CapacityMilliampHours(_chemistry) * 3.6;

    /// <summary>Low-drain capacity per cell, mAh.</summary>
    public static double CapacityMilliampHours(Chemistry c) => c switch
    {
        Chemistry.Lithium => 3500,
        Chemistry.Nimh => 2000,
        _ => 3000,
    };

    /// <summary>A new pack (battery swap).</summary>
    public void Reset(Chemistry chemistry, double stateOfCharge, double meteredCoulombs)
    {
        _chemistry = chemistry;
        _initialSoc = stateOfCharge;
        _startCoulombs = meteredCoulombs;
        StateOfCharge = stateOfCharge;
        Dead = false;
    }

    /// <summary>Applies the metered charge to the plant; call after every step (<see cref="SimulatedLock.OnStep"/>).</summary>
    public void Apply(SimulatedLock sim)
    {
        if (Dead) return;
        double soc = _initialSoc - (sim.Energy.TotalCoulombs - _startCoulombs) / CapacityCoulombs;
        if (soc <= 0)
        {
            Dead = true;
            StateOfCharge = 0;
            sim.Plant.CutPower(true);
            return;
        }
        // Re-apply only every ~0.06 C (2e-5 of 3000 mAh): well under one ADC step of OCV, and cheap.
        if (Math.Abs(soc - StateOfCharge) < 2e-5) return;
        StateOfCharge = soc;
        sim.Plant.SwapBattery(_chemistry, soc);
    }
}

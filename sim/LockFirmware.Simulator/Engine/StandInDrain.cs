using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Engine;

/// <summary>
/// Watches a plant that depletes its own pack (<see cref="BatteryPack"/> draws every consumer's current and
/// self-discharges) and decides when the pack is exhausted. It used to drain a stand-in plant by re-seating a
/// pack at a lower state of charge; with the physics plant that double-counted the charge and, since
/// <see cref="LockPlant.SwapBattery"/> cuts the power, rebooted the MCU every few coulombs. It now only
/// observes: the pack is dead once the MCU browns out (the cells can no longer carry the load) or the pack's
/// charge is gone; then the power is cut so the run ends in the state the lock died in.
/// Used through <see cref="SimulatedLock.OnStep"/>.
/// </summary>
public sealed class StandInDrain
{
    private Chemistry _chemistry;
    private int _brownOutsAtStart = -1;

    /// <summary>Starts watching a pack of <paramref name="chemistry"/> at <paramref name="stateOfCharge"/>.</summary>
    public StandInDrain(Chemistry chemistry, double stateOfCharge, double meteredCoulombs = 0) => Reset(chemistry, stateOfCharge, meteredCoulombs);

    /// <summary>True once the pack is exhausted.</summary>
    public bool Dead { get; private set; }
    /// <summary>State of charge of the plant's pack at the last step (0..1).</summary>
    public double StateOfCharge { get; private set; }
    /// <summary>Capacity of the current pack, C.</summary>
    public double CapacityCoulombs => CapacityMilliampHours(_chemistry) * 3.6;

    /// <summary>Low-rate capacity per cell of the plant's cell model, mAh.</summary>
    public static double CapacityMilliampHours(Chemistry c) => CellChemistry.For(c).CapacityAh * 1000.0;

    /// <summary>A new pack (battery swap); <paramref name="meteredCoulombs"/> is kept for callers and ignored.</summary>
    public void Reset(Chemistry chemistry, double stateOfCharge, double meteredCoulombs)
    {
        _chemistry = chemistry;
        StateOfCharge = stateOfCharge;
        Dead = false;
        _brownOutsAtStart = -1; // re-read from the plant at the next step
    }

    /// <summary>Checks the plant's pack; call after every step (<see cref="SimulatedLock.OnStep"/>).</summary>
    public void Apply(SimulatedLock sim)
    {
        if (Dead) return;
        var plant = sim.Plant;
        if (_brownOutsAtStart < 0) _brownOutsAtStart = plant.BrownOutCount;
        StateOfCharge = plant.BatteryStateOfCharge;
        if (plant.BrownOutCount > _brownOutsAtStart || plant.Pack.AvailableStateOfCharge <= 0)
        {
            Dead = true;
            plant.CutPower(true);
        }
    }
}

namespace LockFirmware.Simulator.Plant;

/// <summary>Battery cell chemistry of the 4-cell pack.</summary>
public enum Chemistry
{
    /// <summary>Alkaline AA (Energizer E91).</summary>
    Alkaline,
    /// <summary>Lithium iron disulfide AA (Energizer L91).</summary>
    Lithium,
    /// <summary>Nickel-metal hydride AA.</summary>
    Nimh,
}

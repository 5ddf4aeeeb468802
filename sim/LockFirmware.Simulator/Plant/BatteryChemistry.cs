namespace LockFirmware.Simulator.Plant;

/// <summary>Chemistry of the AA cells in the pack (contract names: <c>alkaline</c>, <c>lithium</c>, <c>nimh</c>).</summary>
public enum BatteryChemistry
{
    /// <summary>Zinc / manganese dioxide primary cell, modelled on the Energizer E91.</summary>
    Alkaline = 0,
    /// <summary>Lithium / iron disulfide primary cell, modelled on the Energizer L91.</summary>
    Lithium = 1,
    /// <summary>Nickel-metal hydride rechargeable cell, about 2000 mAh (low self-discharge type).</summary>
    NiMh = 2,
}

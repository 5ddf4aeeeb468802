namespace LockFirmware.Power
{
    /// <summary>Chemistry of the four AA cells (configured, or detected from the fresh open-circuit voltage).</summary>
    public enum CellChemistry
    {
        /// <summary>Not configured: detect at insertion.</summary>
        Unknown = 0,
        /// <summary>Alkaline (Energizer E91 class).</summary>
        Alkaline = 1,
        /// <summary>Lithium iron disulfide (Energizer L91 class).</summary>
        Lithium = 2,
        /// <summary>Nickel-metal hydride rechargeable.</summary>
        Nimh = 3,
    }
}

namespace LockFirmware.Power
{
    /// <summary>
    /// Guesses the chemistry from the open-circuit voltage of a freshly inserted pack: Li-FeS2 1.78-1.80 V per
    /// cell, alkaline 1.55-1.65 V, NiMH 1.35-1.40 V after a charge (shared lock-domain notes). A used alkaline
    /// pack below 1.30 V per cell cannot be told from a flat NiMH pack; it is taken as alkaline, the common case,
    /// and the setting <c>battery_chemistry</c> overrides the guess.
    /// </summary>
    public static class ChemistryDetector
    {
        /// <summary>At or above this (per cell) only Li-FeS2: alkaline never rests above ~1.65 V.</summary>
        public const int LithiumMinCellMillivolts = 1700;
        /// <summary>At or above this (per cell) and below lithium: alkaline (fresh alkaline is 1.55-1.65 V).</summary>
        public const int AlkalineMinCellMillivolts = 1450;
        /// <summary>From here up to alkaline: a charged NiMH cell (1.35-1.40 V).</summary>
        public const int NimhMinCellMillivolts = 1300;

        /// <summary>
        /// The chemistry to model a pack with: the configured one (<c>battery_chemistry</c>), unless the pack's rest voltage
        /// is one that chemistry cannot show. Only Li-FeS2 rests at or above <see cref="LithiumMinCellMillivolts"/>, so a
        /// pack there is lithium whatever was configured (the owner swapped alkaline cells for lithium ones and the setting
        /// was not changed). Below it a voltage never contradicts a setting: a used alkaline, a charged NiMH and a lithium
        /// pack on its end cliff overlap. Not configured: <see cref="Detect"/>.
        /// </summary>
        public static CellChemistry Choose(CellChemistry configured, int cellMillivolts)
        {
            if (configured == CellChemistry.Unknown || cellMillivolts >= LithiumMinCellMillivolts) return Detect(cellMillivolts);
            return configured;
        }

        /// <summary>Chemistry for an open-circuit voltage of one cell.</summary>
        public static CellChemistry Detect(int cellMillivolts)
        {
            if (cellMillivolts >= LithiumMinCellMillivolts) return CellChemistry.Lithium;
            if (cellMillivolts >= AlkalineMinCellMillivolts) return CellChemistry.Alkaline;
            if (cellMillivolts >= NimhMinCellMillivolts) return CellChemistry.Nimh;
            return CellChemistry.Alkaline;
        }
    }
}

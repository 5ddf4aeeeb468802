namespace LockFirmware.Power
{
    /// <summary>
    /// Per-chemistry constants for an AA cell: rated capacity, open-circuit voltage against state of charge,
    /// and fresh internal resistance at room temperature. Sources: shared lock-domain notes (Energizer E91 and
    /// L91 rows, gauging accuracy); docs/power.md explains each number. Voltage tables are coarse on purpose:
    /// voltage alone gauges a primary cell to +-20-30 % only, so the estimator trusts coulomb counting first.
    /// </summary>
    public static class ChemistryTables
    {
        // Alkaline open-circuit voltage per cell vs state of charge (permille), light load, 21 C: shape of the
        // E91 discharge curve (1.55-1.65 V fresh, sloping through the life, 0.8-1.0 V at the end).
        private static readonly int[] AlkalineMv = { 1600, 1520, 1430, 1350, 1270, 1210, 1130, 1050, 980, 900, 780 };
        private static readonly int[] AlkalinePermille = { 1000, 950, 850, 700, 500, 350, 200, 100, 50, 20, 0 };
        // Li-FeS2 (L91): 1.78-1.80 V fresh, flat plateau, cliff at the end. Only the ends mean anything.
        private static readonly int[] LithiumMv = { 1800, 1760, 1720, 1690, 1660, 1620, 1550, 1400, 1100, 800 };
        private static readonly int[] LithiumPermille = { 1000, 970, 900, 600, 300, 120, 60, 30, 10, 0 };
        // NiMH: 1.35-1.40 V after charge, flat at ~1.2-1.25 V, knee below 1.1 V.
        private static readonly int[] NimhMv = { 1420, 1370, 1320, 1280, 1250, 1210, 1150, 1050, 900 };
        private static readonly int[] NimhPermille = { 1000, 950, 850, 500, 200, 100, 50, 20, 0 };

        /// <summary>Rated capacity per cell, mAh, at the lock's load (mostly sleep current, strokes of ~0.2 A).</summary>
        public static int CapacityMilliampHours(CellChemistry chemistry)
        {
            // E91: 3000 mAh at 25 mA, 2600 at 100 mA (to 0.8 V): take the 100 mA figure, the lock cuts off above 0.8 V.
            if (chemistry == CellChemistry.Lithium) return 3000; // L91: ~3000-3500 mAh at light load; low end taken.
            if (chemistry == CellChemistry.Nimh) return 1900;    // Low-self-discharge AA NiMH: 1900 mAh minimum rated.
            return 2600;
        }

        /// <summary>Fresh internal resistance per cell at about 21 C, milliohms.</summary>
        public static int FreshCellMilliohms(CellChemistry chemistry)
        {
            // E91 about 0.2 ohm at 21 C (0.1 at +40 C, 0.9 at -40 C); L91 and NiMH are lower.
            if (chemistry == CellChemistry.Lithium) return 150;
            if (chemistry == CellChemistry.Nimh) return 40;
            return 200;
        }

        /// <summary>State of charge (permille) from the open-circuit voltage of one cell, by linear interpolation.</summary>
        public static int SocFromCellMillivolts(CellChemistry chemistry, int cellMillivolts)
        {
            if (chemistry == CellChemistry.Lithium) return Interpolate(LithiumMv, LithiumPermille, cellMillivolts);
            if (chemistry == CellChemistry.Nimh) return Interpolate(NimhMv, NimhPermille, cellMillivolts);
            return Interpolate(AlkalineMv, AlkalinePermille, cellMillivolts);
        }

        private static int Interpolate(int[] mv, int[] permille, int x)
        {
            if (x >= mv[0]) return permille[0];
            for (int i = 1; i < mv.Length; i++)
            {
                if (x >= mv[i])
                {
                    return permille[i] + (int)((long)(x - mv[i]) * (permille[i - 1] - permille[i]) / (mv[i - 1] - mv[i]));
                }
            }
            return permille[permille.Length - 1];
        }
    }
}

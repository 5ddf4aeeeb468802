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

        /// <summary>
        /// Ohmic (step) resistance of a fresh cell at about 21 C, milliohms: what the two-point method sees over a
        /// stroke (a 1 kHz meter's figure), below the DC pulse resistance of <see cref="FreshCellMilliohms"/>.
        /// </summary>
        public static int StepCellMilliohms(CellChemistry chemistry)
        {
            // E91 ~0.12 ohm ohmic of its 0.18-0.2 ohm pulse resistance; L91 ~0.1; NiMH ~0.03.
            if (chemistry == CellChemistry.Lithium) return 100;
            if (chemistry == CellChemistry.Nimh) return 30;
            return 120;
        }

        /// <summary>
        /// Internal resistance relative to a full cell (percent) at a state of charge (permille), same temperature:
        /// resistance rises steeply towards the end of discharge (E91: ~1.45x at half, ~2.4x at 20 %, ~5x at 5 %).
        /// </summary>
        public static int ResistancePercent(CellChemistry chemistry, int socPermille)
        {
            if (chemistry == CellChemistry.Lithium) return InterpolateUp(LithiumRPermille, LithiumRPercent, socPermille);
            if (chemistry == CellChemistry.Nimh) return InterpolateUp(NimhRPermille, NimhRPercent, socPermille);
            return InterpolateUp(AlkalineRPermille, AlkalineRPercent, socPermille);
        }

        // Resistance versus depth of discharge (relative to full, percent), ascending state of charge.
        private static readonly int[] AlkalineRPermille = { 0, 50, 100, 200, 350, 500, 700, 900, 1000 };
        private static readonly int[] AlkalineRPercent = { 800, 500, 350, 240, 180, 145, 120, 105, 100 };
        private static readonly int[] LithiumRPermille = { 0, 50, 100, 500, 1000 };
        private static readonly int[] LithiumRPercent = { 300, 160, 120, 100, 100 };
        private static readonly int[] NimhRPermille = { 0, 100, 200, 500, 1000 };
        private static readonly int[] NimhRPercent = { 300, 150, 110, 100, 100 };

        private static int InterpolateUp(int[] x, int[] y, int at)
        {
            if (at <= x[0]) return y[0];
            for (int i = 1; i < x.Length; i++)
            {
                if (at <= x[i]) return y[i - 1] + (int)((long)(at - x[i - 1]) * (y[i] - y[i - 1]) / (x[i] - x[i - 1]));
            }
            return y[y.Length - 1];
        }

        /// <summary>Open-circuit voltage of one cell (mV) at a state of charge (permille): the inverse of <see cref="SocFromCellMillivolts"/>.</summary>
        public static int CellMillivoltsFromSoc(CellChemistry chemistry, int socPermille)
        {
            if (chemistry == CellChemistry.Lithium) return Inverse(LithiumMv, LithiumPermille, socPermille);
            if (chemistry == CellChemistry.Nimh) return Inverse(NimhMv, NimhPermille, socPermille);
            return Inverse(AlkalineMv, AlkalinePermille, socPermille);
        }

        private static int Inverse(int[] mv, int[] permille, int soc)
        {
            if (soc >= permille[0]) return mv[0];
            for (int i = 1; i < mv.Length; i++)
            {
                if (soc >= permille[i])
                {
                    return mv[i] + (int)((long)(soc - permille[i]) * (mv[i - 1] - mv[i]) / (permille[i - 1] - permille[i]));
                }
            }
            return mv[mv.Length - 1];
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

using LockFirmware.Runtime;

namespace LockFirmware.Power
{
    /// <summary>
    /// Guesses the chemistry of a pack from its open-circuit voltage (per cell) and, where voltages overlap, its
    /// resistance: Li-FeS2 rests at 1.78-1.80 V fresh and 1.62-1.72 V over most of its life, alkaline at 1.55-1.65 V
    /// fresh and sloping down, NiMH at 1.35-1.40 V after a charge and ~1.2-1.3 V flat (shared lock-domain notes). A used
    /// alkaline pack and a NiMH pack overlap in voltage; NiMH's resistance is a quarter of alkaline's at the same
    /// temperature, which <see cref="ResolveByResistance"/> uses once a stroke has measured the pack.
    /// </summary>
    public static class ChemistryDetector
    {
        /// <summary>
        /// At or above this (per cell) only Li-FeS2: alkaline never rests above ~1.65 V (Energizer E91 datasheet: 1.5-1.65 V
        /// open circuit fresh), NiMH never above ~1.45 V once off the charger. Li-FeS2 rests above it down to ~25 % charge.
        /// </summary>
        public const int LithiumMinCellMillivolts = 1660;
        /// <summary>At or above this (per cell) and below lithium: alkaline (fresh alkaline is 1.55-1.65 V).</summary>
        public const int AlkalineMinCellMillivolts = 1450;
        /// <summary>From here up to alkaline: a charged NiMH cell (1.35-1.40 V).</summary>
        public const int NimhMinCellMillivolts = 1300;
        /// <summary>
        /// A newly fitted pack said to be Li-FeS2 (the pack before, or the setting) is taken for one down to this: an L91 with
        /// about 10 % left (1.62 V at 12 %, 1.55 V at 6 %). Below it a used lithium pack and a fresh or lightly used alkaline
        /// one (1.43-1.60 V at 85-100 %) rest alike, and their resistances too (0.12 ohm a cell, ohmic, both), and the voltage
        /// decides: alkaline. Until 2026-11-28 this was 1450 and the lithium reading was kept down there, "erring on the safe
        /// side": a fresh alkaline pack fitted after lithium cells read as lithium at 10 %, warned after ~800 pairs, went
        /// critical at ~1,250 and refused every lock from about day 110 at 12 pairs a day while it rested at 1.41-1.49 V a
        /// cell, a healthy alkaline pack, and a second fresh alkaline pack was read the same way (blind acceptance tests): the
        /// owner fits whatever cells the shop has, and an owner without a console could not get out of it. A nearly empty
        /// lithium pack fitted in the lock (who would?) is read as alkaline and warns late instead, as one fitted after
        /// alkaline cells always was. Not applied to the pack the lock already knows: a lithium pack goes down its cliff in
        /// service.
        /// </summary>
        public const int NewLithiumMinCellMillivolts = 1610;
        /// <summary>
        /// NiMH's pack resistance as the two-point method measures it on the reference board, warm (0..60 C) and above
        /// 20 % charge, per cell: 40-58 mOhm (4-cell packs 160-230 mOhm; locksim, one unlock and one lock per pack). The
        /// unit of <see cref="ResolveByResistance"/>'s ratio.
        /// </summary>
        public const int NimhReferenceCellMilliohms = 50;
        /// <summary>
        /// Measured resistance over the NiMH reference (permille) below which a pack taken for alkaline is NiMH. Measured
        /// (locksim, one unlock and one lock, 4 cells): NiMH at 0..60 C reads 0.8-1.55x (1.54 at 10 % charge), alkaline in
        /// the voltage range NiMH shares (below <see cref="AlkalineMinCellMillivolts"/>) 1.9x at +60 C and 70 % charge, 3.7x at
        /// 20 C, more when colder or emptier. A NiMH pack in the cold (3-3.5x at -20 C) stays taken for alkaline unless the
        /// motor reads cold (<see cref="ColdNimhMaxResistancePermille"/>).
        /// </summary>
        public const int NimhMaxResistancePermille = 1750;
        /// <summary>
        /// Ratio at or above which a pack the voltage alone took for NiMH is alkaline: alkaline at 20 C reads 3.7x and more in
        /// the shared range, NiMH at 0 C up to 1.55x. Alkaline at +40..+60 C (1.9-2.7x) stays taken for NiMH.
        /// </summary>
        public const int GuessedNimhMinAlkalinePermille = 3000;
        /// <summary>
        /// Ratio at or above which a pack the setting says is NiMH is alkaline when the motor reads warm
        /// (<see cref="WarmWindingPermille"/>; otherwise <see cref="ColdNimhMaxResistancePermille"/>): NiMH reads 3-3.5x at
        /// -20 C and 3.9-4.5x on the first stroke at 10 % charge (where the slowly blended winding may still read warm),
        /// alkaline in the shared range at 20 C 5.0-6.0x at 30 % charge (locksim seeds 1-6, the swap's first unlock; branch
        /// boot8), 4.3-4.8x at 40 %. So the setting stands for a warm alkaline pack above ~35 %, which the NiMH curve reads
        /// within ~15 points (1.27 V: 45 % on NiMH's, 50 % on alkaline's), and gives way where reading an alkaline pack on the
        /// NiMH curve would warn or refuse locking with a third of its charge left. Was 5500, set from first strokes whose rest
        /// reading was the power-on's unloaded one (the simulator booted without the boot load): NiMH 10 % cold read 4.6-5.2x,
        /// alkaline 30 % 5.8-6.9x, both 10-20 % above what the stroke's own step gives.
        /// </summary>
        public const int SetNimhMinAlkalinePermille = 4750;
        /// <summary>
        /// When the motor reads cold (<see cref="ColdWindingPermille"/>), the ratio from which a pack is alkaline whatever it
        /// was taken for, and for a pack the setting says is NiMH unless the motor reads warm: NiMH reads 4.5-5x at -30 C and
        /// up to 6x on the first stroke at -20 C and 10 % charge (locksim seeds 1-4), alkaline in the shared range 9x and more
        /// at -20 C (5.5x at 0 C and 70 %, where the setting then stands).
        /// </summary>
        public const int ColdNimhMaxResistancePermille = 7000;
        /// <summary>
        /// Motor winding standstill resistance (permille of the calibration's, Calibration.MotorMilliohms over
        /// ReferenceMilliohms) at or below which the motor reads cold. Copper is +0.393 %/K (IEC 60228), so a lock calibrated
        /// at 20 C reads ~840 at -20 C; one measurement scatters +-12 % with the rotor angle and the blend follows over a few
        /// strokes. Measured on the first two strokes after a swap (locksim, NiMH 50 %, seeds 1-3): -30 C 731-943, -20 C
        /// 759-966, 0 C 905-1114, 20 C 975-1149, 60 C 1061-1206. At 880 a cold reading is below 0 C; a warm lock never reads it.
        /// </summary>
        public const int ColdWindingPermille = 880;
        /// <summary>
        /// Winding reading (as <see cref="ColdWindingPermille"/>) at or above which the motor reads warm: 20 C 975-1149, while
        /// -20 C read up to 966 on the first strokes after a swap (same measurement).
        /// </summary>
        public const int WarmWindingPermille = 970;

        /// <summary>
        /// The chemistry to model the pack the lock was provisioned with: the configured one (<c>battery_chemistry</c>),
        /// unless the pack's rest voltage is one that chemistry cannot show. Only Li-FeS2 rests at or above
        /// <see cref="LithiumMinCellMillivolts"/>, so a pack there is lithium whatever was configured (the owner fitted
        /// lithium cells and the setting was not changed). Below it a voltage never contradicts a setting: a used alkaline,
        /// a charged NiMH and a lithium pack on its end cliff overlap. Not configured: <see cref="Detect"/>.
        /// </summary>
        public static CellChemistry Choose(CellChemistry configured, int cellMillivolts)
        {
            if (configured == CellChemistry.Unknown || cellMillivolts >= LithiumMinCellMillivolts) return Detect(cellMillivolts);
            return configured;
        }

        /// <summary>
        /// The chemistry of a newly fitted pack (a swap), given <paramref name="prior"/>: the pack before's chemistry, else
        /// the configured one. The prior stands while the voltage is one it can show in a pack worth fitting: Li-FeS2 at or above
        /// <see cref="NewLithiumMinCellMillivolts"/>, NiMH below <see cref="AlkalineMinCellMillivolts"/>, alkaline below
        /// <see cref="LithiumMinCellMillivolts"/>. Otherwise the voltage decides (<see cref="Detect"/>).
        /// </summary>
        public static CellChemistry ChooseForNewPack(CellChemistry prior, int cellMillivolts)
        {
            if (cellMillivolts >= LithiumMinCellMillivolts) return CellChemistry.Lithium;
            if (prior == CellChemistry.Lithium && cellMillivolts >= NewLithiumMinCellMillivolts) return CellChemistry.Lithium;
            if (prior == CellChemistry.Nimh && cellMillivolts < AlkalineMinCellMillivolts) return CellChemistry.Nimh;
            if (prior == CellChemistry.Alkaline) return CellChemistry.Alkaline;
            return Detect(cellMillivolts);
        }

        /// <summary>
        /// True when a pack taken for <paramref name="chemistry"/> at this rest voltage could as well be the other of
        /// alkaline and NiMH, so its first resistance measurement should decide (<see cref="ResolveByResistance"/>).
        /// </summary>
        public static bool Ambiguous(CellChemistry chemistry, int cellMillivolts)
        {
            return (chemistry == CellChemistry.Alkaline || chemistry == CellChemistry.Nimh) && cellMillivolts < AlkalineMinCellMillivolts;
        }

        /// <summary>
        /// Alkaline or NiMH, for a pack in the voltage range both show, taken for <paramref name="guess"/> so far (the voltage,
        /// or the setting when <paramref name="guessIsSetting"/>), from its two-point resistance (<paramref name="packMilliohms"/>,
        /// <paramref name="cells"/> cells) and the motor winding's standstill resistance (<paramref name="windingPermille"/> of
        /// its calibration value, 0 = unknown), the only thermometer the lock has: NiMH's resistance is about a quarter of
        /// alkaline's at the same temperature, but a cold NiMH pack reads like a warm alkaline one, so the guess stands
        /// unless the resistance is clearly the other chemistry's.
        /// </summary>
        public static CellChemistry ResolveByResistance(CellChemistry guess, bool guessIsSetting, int packMilliohms, int cells, int windingPermille)
        {
            int ratioPermille = IntMath.MulDiv(packMilliohms, 1000, cells * NimhReferenceCellMilliohms);
            bool cold = windingPermille > 0 && windingPermille <= ColdWindingPermille;
            if (guess == CellChemistry.Nimh)
            {
                bool warm = windingPermille >= WarmWindingPermille;
                int alkalineFrom = cold || guessIsSetting && !warm ? ColdNimhMaxResistancePermille
                    : guessIsSetting ? SetNimhMinAlkalinePermille : GuessedNimhMinAlkalinePermille;
                return ratioPermille >= alkalineFrom ? CellChemistry.Alkaline : CellChemistry.Nimh;
            }
            return ratioPermille < (cold ? ColdNimhMaxResistancePermille : NimhMaxResistancePermille) ? CellChemistry.Nimh : CellChemistry.Alkaline;
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

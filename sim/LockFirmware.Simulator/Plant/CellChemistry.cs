using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// Electrochemical parameters of one AA cell for the kinetic battery model (KiBaM, Manwell and McGowan 1993):
/// the charge sits in an "available" well (fraction <see cref="AvailableFraction"/>) that feeds the load and a
/// "bound" well that refills it at a rate set by <see cref="RateConstantPerSecond"/>. This gives the rate-capacity
/// effect (less charge delivered at high current), voltage recovery during rest, and, with an Arrhenius rate
/// constant, the loss of capacity in the cold. The terminal voltage is the open-circuit voltage of the available
/// well's state of charge, less an ohmic drop and a first-order polarisation (RC) drop.
/// </summary>
public sealed class CellChemistry
{
    /// <summary>Which chemistry this is.</summary>
    public Chemistry Kind { get; init; }

    /// <summary>Charge delivered at a very low rate, ampere-hours.</summary>
    public double CapacityAh { get; init; }

    /// <summary>KiBaM available-well fraction c (0..1).</summary>
    public double AvailableFraction { get; init; }

    /// <summary>KiBaM rate constant k' at 21 C, 1/s.</summary>
    public double RateConstantPerSecond { get; init; }

    /// <summary>Activation temperature Ea/R of the rate constant (Arrhenius), kelvin.</summary>
    public double RateActivationKelvin { get; init; }

    /// <summary>Open-circuit voltage versus state of charge (0..1) of the available well.</summary>
    public PiecewiseLinear OpenCircuitVolts { get; init; } = null!;

    /// <summary>Ohmic resistance of a fresh cell at 21 C, ohms.</summary>
    public double OhmicOhms { get; init; }

    /// <summary>Polarisation (RC) resistance of a fresh cell at 21 C, ohms.</summary>
    public double PolarisationOhms { get; init; }

    /// <summary>Polarisation time constant, seconds.</summary>
    public double PolarisationSeconds { get; init; }

    /// <summary>Resistance multiplier versus state of charge of the available well (1 when fresh).</summary>
    public PiecewiseLinear ResistanceVsCharge { get; init; } = null!;

    /// <summary>Resistance multiplier versus cell temperature in C (1 at 21 C).</summary>
    public PiecewiseLinear ResistanceVsTemperature { get; init; } = null!;

    /// <summary>Fraction of charge lost per year on the shelf at 21 C.</summary>
    public double SelfDischargePerYear { get; init; }

    /// <summary>Current a built-in PTC carries indefinitely, amps; 0 when the cell has none.</summary>
    public double PtcHoldAmps { get; init; }

    /// <summary>Resistance of a tripped PTC, ohms.</summary>
    public double PtcTrippedOhms { get; init; }

    /// <summary>Thermal time constant of the PTC element, seconds.</summary>
    public double PtcSeconds { get; init; }

    /// <summary>End-of-discharge voltage used by the datasheet's capacity figures, volts per cell.</summary>
    public double CutoffVolts { get; init; }

    /// <summary>The parameters for a chemistry.</summary>
    public static CellChemistry For(Chemistry kind) => kind switch
    {
        Chemistry.Alkaline => Alkaline,
        Chemistry.Lithium => Lithium,
        Chemistry.Nimh => NiMh,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown chemistry"),
    };

    /// <summary>
    /// Energizer E91 alkaline AA. Datasheet (Energizer E91 product datasheet, 21 C, to 0.8 V): 3000 / 2600 / 1600 /
    /// 1000 mAh at 25 / 100 / 500 / 1000 mA constant current; internal resistance 150-300 mOhm fresh, about
    /// 0.1 Ohm at +40 C and 0.9 Ohm at -40 C, rising with depth of discharge; fresh open circuit 1.55-1.65 V.
    /// The open-circuit curve is the datasheet's 25 mA discharge curve (where I*R is only a few mV); c, k' and the
    /// resistance-versus-depth shape were fitted to the four capacities (fit within 6 %, see the Plant tests).
    /// </summary>
    public static readonly CellChemistry Alkaline = new()
    {
        Kind = Chemistry.Alkaline,
        CapacityAh = 3.1,
        AvailableFraction = 0.40,
        RateConstantPerSecond = 1.5e-4,
        // Ion diffusion in the KOH electrolyte and the MnO2 cathode slows in the cold; ~20 kJ/mol (Ea/R ~ 2400 K)
        // is the usual figure for diffusion in aqueous electrolytes.
        RateActivationKelvin = 2400,
        OpenCircuitVolts = new PiecewiseLinear(
            0.00, 0.78, 0.02, 0.90, 0.05, 0.98, 0.10, 1.05, 0.20, 1.13, 0.35, 1.21,
            0.50, 1.27, 0.70, 1.35, 0.85, 1.43, 0.95, 1.52, 1.00, 1.60),
        // 0.18 Ohm DC (pulse) resistance fresh at 21 C, split into an ohmic 0.12 (what a 1 kHz meter shows)
        // and a 0.06 Ohm polarisation that builds over a couple of seconds.
        OhmicOhms = 0.12,
        PolarisationOhms = 0.06,
        PolarisationSeconds = 2.0,
        ResistanceVsCharge = new PiecewiseLinear(
            0.00, 8.0, 0.05, 5.0, 0.10, 3.5, 0.20, 2.4, 0.35, 1.8, 0.50, 1.45, 0.70, 1.2, 0.90, 1.05, 1.00, 1.0),
        // E91: ~0.9 Ohm at -40 C, ~0.18 at 21 C, ~0.1 at +40 C.
        ResistanceVsTemperature = new PiecewiseLinear(
            -40, 5.0, -20, 2.6, 0, 1.5, 21, 1.0, 40, 0.6, 60, 0.5),
        // Energizer: 10-year shelf life, roughly 2-3 % per year at 21 C.
        SelfDischargePerYear = 0.025,
        CutoffVolts = 0.8,
    };

    /// <summary>
    /// Energizer L91 lithium/iron disulfide AA. Datasheet (Energizer L91): 3500 mAh at 25 mA; 1.78-1.80 V open
    /// circuit fresh; flat ~1.5-1.6 V under load with a steep end; internal resistance ~90-150 mOhm fresh; rated
    /// -40 to +60 C; built-in resettable PTC, 2 A maximum continuous. Capacity falls only to about 3100 mAh at 1 A.
    /// </summary>
    public static readonly CellChemistry Lithium = new()
    {
        Kind = Chemistry.Lithium,
        CapacityAh = 3.55,
        AvailableFraction = 0.60,
        RateConstantPerSecond = 5e-4,
        RateActivationKelvin = 1500,
        OpenCircuitVolts = new PiecewiseLinear(
            0.00, 0.80, 0.01, 1.10, 0.03, 1.40, 0.06, 1.55, 0.12, 1.62, 0.30, 1.66,
            0.60, 1.69, 0.90, 1.72, 0.97, 1.76, 1.00, 1.80),
        OhmicOhms = 0.10,
        PolarisationOhms = 0.05,
        PolarisationSeconds = 1.0,
        ResistanceVsCharge = new PiecewiseLinear(0.00, 3.0, 0.05, 1.6, 0.10, 1.2, 0.50, 1.0, 1.00, 1.0),
        // Li-FeS2 keeps most of its rate capability in the cold (rated to -40 C).
        ResistanceVsTemperature = new PiecewiseLinear(-40, 3.0, -20, 1.8, 0, 1.3, 21, 1.0, 40, 0.85, 60, 0.75),
        // Energizer: 20-year shelf life; ~1 % per year.
        SelfDischargePerYear = 0.01,
        PtcHoldAmps = 2.0,
        PtcTrippedOhms = 10.0,
        PtcSeconds = 3.0,
        CutoffVolts = 0.8,
    };

    /// <summary>
    /// Low self-discharge NiMH AA, about 2000 mAh (e.g. Panasonic eneloop BK-3MCC: 1900 mAh min, 2000 typ;
    /// 1.2 V nominal, flat plateau, ~20-40 mOhm; keeps ~85 % after a year).
    /// </summary>
    public static readonly CellChemistry NiMh = new()
    {
        Kind = Chemistry.Nimh,
        CapacityAh = 2.0,
        AvailableFraction = 0.80,
        RateConstantPerSecond = 1e-3,
        RateActivationKelvin = 2500,
        OpenCircuitVolts = new PiecewiseLinear(
            0.00, 0.90, 0.02, 1.05, 0.05, 1.15, 0.10, 1.21, 0.20, 1.25, 0.50, 1.28,
            0.85, 1.32, 0.95, 1.37, 1.00, 1.42),
        OhmicOhms = 0.030,
        PolarisationOhms = 0.015,
        PolarisationSeconds = 1.0,
        ResistanceVsCharge = new PiecewiseLinear(0.00, 3.0, 0.10, 1.5, 0.20, 1.1, 0.50, 1.0, 1.00, 1.0),
        ResistanceVsTemperature = new PiecewiseLinear(-40, 8.0, -20, 4.0, 0, 1.6, 21, 1.0, 40, 0.85, 60, 0.8),
        SelfDischargePerYear = 0.15,
        CutoffVolts = 1.0,
    };
}

using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// A string of identical cells in series (4 x AA on the reference board), each a kinetic battery model with an
/// ohmic resistance and one polarisation RC pair, both rising with depth of discharge and with cold
/// (see <see cref="CellChemistry"/>). Current is positive when discharging. The charge update is the exact
/// solution of the KiBaM equations for a constant current over the step, so any step length is stable, from
/// a millisecond during a motor stroke to days of idle.
/// </summary>
public sealed class BatteryPack
{
    private const double ReferenceKelvin = 294.15; // 21 C, where the datasheets are written
    private const double SecondsPerYear = 365.25 * 86400.0;

    private readonly double _capacityAs;
    private readonly double _c;
    private double _y1;
    private double _y2;
    private double _vPol;
    private double _ptcHeat;
    private bool _ptcTripped;
    private double _temperatureC;
    private double _rateConstant;
    private double _temperatureFactor;
    private double _selfDischargePerSecond;
    private double _emfCell;
    private double _ohmsCell;
    private double _polOhmsCell;
    private double _ocvCell;
    private double _refreshedAt = double.NaN;
    private double _refreshedFactor = double.NaN;
    private double _polDecayDt = -1;
    private double _polDecay;

    /// <summary>Creates a pack.</summary>
    /// <param name="chemistry">Cell parameters.</param>
    /// <param name="cells">Cells in series (4 on the reference board).</param>
    /// <param name="stateOfCharge">Initial state of charge 0..1, the two wells in equilibrium (a rested pack).</param>
    /// <param name="temperatureC">Cell temperature.</param>
    public BatteryPack(CellChemistry chemistry, int cells, double stateOfCharge, double temperatureC)
    {
        if (cells < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(cells), cells, "a pack needs at least one cell");
        }
        if (double.IsNaN(stateOfCharge) || stateOfCharge < 0 || stateOfCharge > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stateOfCharge), stateOfCharge, "state of charge must be 0..1");
        }
        Chemistry = chemistry;
        Cells = cells;
        _capacityAs = chemistry.CapacityAh * 3600.0;
        _c = chemistry.AvailableFraction;
        _y1 = _c * _capacityAs * stateOfCharge;
        _y2 = (1 - _c) * _capacityAs * stateOfCharge;
        SetTemperature(temperatureC);
    }

    /// <summary>The cell parameters.</summary>
    public CellChemistry Chemistry { get; }

    /// <summary>Cells in series.</summary>
    public int Cells { get; }

    /// <summary>Cell temperature, C.</summary>
    public double TemperatureC => _temperatureC;

    /// <summary>Charge left as a fraction of the low-rate capacity (both wells).</summary>
    public double StateOfCharge => (_y1 + _y2) / _capacityAs;

    /// <summary>State of charge of the available well: what sets the voltage right now.</summary>
    public double AvailableStateOfCharge => _y1 / (_c * _capacityAs);

    /// <summary>Pack voltage at zero current right now (includes the polarisation still relaxing), volts.</summary>
    public double EmfVolts => Cells * _emfCell;

    /// <summary>Pack open-circuit voltage after a long rest at the present state of charge, volts.</summary>
    public double RestedOpenCircuitVolts => Cells * Chemistry.OpenCircuitVolts.At(StateOfCharge);

    /// <summary>Pack series resistance for a step change of current (ohmic part plus any tripped PTC), ohms.</summary>
    public double SeriesOhms => Cells * (_ohmsCell + (_ptcTripped ? Chemistry.PtcTrippedOhms : 0));

    /// <summary>True while a built-in PTC has tripped on over-current.</summary>
    public bool PtcTripped => _ptcTripped;

    /// <summary>Self-discharge expressed as an equivalent current, amps.</summary>
    public double SelfDischargeAmps => _selfDischargePerSecond * (_y1 + _y2);

    /// <summary>Terminal voltage while <paramref name="amps"/> flow (positive = discharge), volts.</summary>
    public double TerminalVolts(double amps) => EmfVolts - amps * SeriesOhms;

    /// <summary>Sets the cell temperature and recomputes temperature-dependent rates.</summary>
    public void SetTemperature(double temperatureC)
    {
        _temperatureC = temperatureC;
        double kelvin = temperatureC + 273.15;
        _rateConstant = Chemistry.RateConstantPerSecond
            * Math.Exp(-Chemistry.RateActivationKelvin * (1.0 / kelvin - 1.0 / ReferenceKelvin));
        _temperatureFactor = Chemistry.ResistanceVsTemperature.At(temperatureC);
        // Self-discharge roughly doubles every 10 K (Arrhenius rule of thumb used by cell makers).
        _selfDischargePerSecond = -Math.Log(1 - Chemistry.SelfDischargePerYear) / SecondsPerYear
            * Math.Pow(2.0, (temperatureC - 21.0) / 10.0);
        Refresh();
    }

    /// <summary>
    /// Draws a constant <paramref name="amps"/> (negative charges the cells) for <paramref name="seconds"/>:
    /// moves charge between the wells exactly, relaxes the polarisation, heats or cools the PTC and applies
    /// self-discharge.
    /// </summary>
    public void Draw(double amps, double seconds)
    {
        if (seconds <= 0)
        {
            return;
        }
        double k = _rateConstant;
        double c = _c;
        double x = k * seconds;
        double oneMinusE;
        double oneMinusEOverK; // (1 - e^-k dt) / k
        double rampTerm;       // (k dt - 1 + e^-k dt) / k
        double e;
        if (x < 1e-4)
        {
            // Series forms: the closed forms lose every digit to cancellation when k dt is tiny.
            oneMinusE = x * (1 - x * 0.5 + x * x / 6.0);
            oneMinusEOverK = seconds * (1 - x * 0.5 + x * x / 6.0);
            rampTerm = seconds * x * (0.5 - x / 6.0 + x * x / 24.0);
            e = 1 - oneMinusE;
        }
        else
        {
            e = Math.Exp(-x);
            oneMinusE = 1 - e;
            oneMinusEOverK = oneMinusE / k;
            rampTerm = (x - oneMinusE) / k;
        }
        double y0 = _y1 + _y2;
        double y1 = _y1 * e + (y0 * k * c - amps) * oneMinusEOverK - amps * c * rampTerm;
        double y2 = _y2 * e + y0 * (1 - c) * oneMinusE - amps * (1 - c) * rampTerm;

        if (_selfDischargePerSecond > 0)
        {
            double keep = 1 - _selfDischargePerSecond * seconds;
            if (keep < 0.999)
            {
                keep = Math.Exp(-_selfDischargePerSecond * seconds);
            }
            y1 *= keep;
            y2 *= keep;
        }

        double max1 = c * _capacityAs;
        double max2 = (1 - c) * _capacityAs;
        _y1 = y1 < 0 ? 0 : (y1 > max1 ? max1 : y1);
        _y2 = y2 < 0 ? 0 : (y2 > max2 ? max2 : y2);

        // Polarisation: first-order relaxation towards amps * Rpol.
        double decay;
        if (seconds == _polDecayDt)
        {
            decay = _polDecay;
        }
        else
        {
            decay = Math.Exp(-seconds / Chemistry.PolarisationSeconds);
            _polDecayDt = seconds;
            _polDecay = decay;
        }
        double target = amps * _polOhmsCell;
        _vPol = target + (_vPol - target) * decay;

        if (Chemistry.PtcHoldAmps > 0)
        {
            UpdatePtc(amps, seconds);
        }
        Refresh();
    }

    private void UpdatePtc(double amps, double seconds)
    {
        double ratio = amps / Chemistry.PtcHoldAmps;
        double input = ratio * ratio;
        double decay = Math.Exp(-seconds / Chemistry.PtcSeconds);
        _ptcHeat = input + (_ptcHeat - input) * decay;
        if (!_ptcTripped && _ptcHeat > 1.44)
        {
            // Trips once the current has stayed above ~1.2 x hold long enough to heat the polymer.
            _ptcTripped = true;
        }
        else if (_ptcTripped && _ptcHeat < 0.05 && Math.Abs(amps) < 0.05)
        {
            // A tripped PTC latches while the load keeps voltage across it; it resets once the load is removed and it cools.
            _ptcTripped = false;
        }
    }

    private void Refresh()
    {
        double h1 = AvailableStateOfCharge;
        // The tables only need re-reading once the available charge has moved by 1e-6 (a few uV of OCV);
        // during a motor stroke that is every few hundred steps.
        if (Math.Abs(h1 - _refreshedAt) > 1e-6 || _temperatureFactor != _refreshedFactor)
        {
            double chargeFactor = Chemistry.ResistanceVsCharge.At(h1);
            double scale = _temperatureFactor * chargeFactor;
            _ohmsCell = Chemistry.OhmicOhms * scale;
            _polOhmsCell = Chemistry.PolarisationOhms * scale;
            _ocvCell = Chemistry.OpenCircuitVolts.At(h1);
            _refreshedAt = h1;
            _refreshedFactor = _temperatureFactor;
        }
        _emfCell = _ocvCell - _vPol;
    }
}

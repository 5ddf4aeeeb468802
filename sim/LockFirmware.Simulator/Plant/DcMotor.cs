using System;
using System.Runtime.CompilerServices;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// A brushed permanent-magnet DC gearmotor: armature resistance R (copper, rising +0.393 %/K with winding
/// temperature), inductance L, back-EMF constant Ke = torque constant Kt (SI units), a no-load friction torque,
/// rotor inertia, a gear ratio with a load-dependent efficiency, and a first-order winding thermal model.
/// <para>
/// Defaults are the Pololu 150:1 Micro Metal Gearmotor LP 6V (items #1097/#2205). Pololu "Micro Metal Gearmotors"
/// datasheet rev 2.0 (May 2018), LP 6V rows, at 6 V: gear ratio 150.58:1, no-load 90 rpm and 0.02 A, stall
/// (extrapolated) 11 kg*mm = 1.1 kg*cm and 0.36 A; at maximum efficiency 67 rpm, 2.6 kg*mm, 0.11 A. (Pololu's older
/// product page listed this motor at about 130 rpm; that figure is the 100.37:1 row of the current datasheet.)
/// Derived: R = 6 V / 0.36 A = 16.7 Ohm; Ke = (6 - 0.02 * R) / omega_nl = 3.99 mV*s/rad; gearbox efficiency
/// eta = T_stall / (N * Kt * (I_stall - I_nl)) = 0.53, plausible for a 5-6 stage spur train (0.9 per stage).
/// </para>
/// The electrical time constant L/R is about 30 us, far shorter than a simulation step, so the current is
/// advanced with the exact exponential solution for the step (which reduces to the quasi-static value once
/// the step is more than a few L/R); steps of 0.5-1 ms are stable.
/// </summary>
public sealed class DcMotor
{
    /// <summary>Copper resistance temperature coefficient, 1/K (IEC 60028: 0.00393 at 20 C).</summary>
    public const double CopperCoefficientPerKelvin = 0.00393;

    /// <summary>Temperature at which the datasheet figures hold, C.</summary>
    public const double ReferenceC = 25.0;

    private double _amps;
    private double _windingC;
    private double _ambientC;
    private double _rotorAngle;

    // Resistance and Ke depend only on the winding temperature, which changes once per step, while a step reads
    // them several times; the thermal blend factor depends only on the step length. Cached with their keys.
    private double _cachedAtC = double.NaN;
    private double _resistance;
    private double _ke;
    private double _thermalStepSeconds = double.NaN;
    private double _thermalStepFactor;

    /// <summary>Creates the default motor (Pololu 150:1 LP 6V) at <paramref name="ambientC"/>.</summary>
    public DcMotor(double ambientC)
        : this(6.0, 90.0, 0.02, 0.36, 11.0, 150.58, ambientC)
    {
    }

    /// <summary>Creates a gearmotor from its datasheet figures.</summary>
    /// <param name="ratedVolts">Test voltage of the datasheet figures.</param>
    /// <param name="noLoadRpm">Output-shaft no-load speed at <paramref name="ratedVolts"/>.</param>
    /// <param name="noLoadAmps">No-load current.</param>
    /// <param name="stallAmps">Stall current.</param>
    /// <param name="stallKgMm">Output-shaft stall torque, kg*mm.</param>
    /// <param name="gearRatio">Gear reduction N (motor turns per output turn).</param>
    /// <param name="ambientC">Ambient (and initial winding) temperature.</param>
    public DcMotor(double ratedVolts, double noLoadRpm, double noLoadAmps, double stallAmps, double stallKgMm,
        double gearRatio, double ambientC)
    {
        RatedVolts = ratedVolts;
        DatasheetNoLoadRpm = noLoadRpm;
        DatasheetNoLoadAmps = noLoadAmps;
        DatasheetStallAmps = stallAmps;
        DatasheetStallKgMm = stallKgMm;
        GearRatio = gearRatio;
        ResistanceAtReference = ratedVolts / stallAmps;
        double omegaMotorNoLoad = noLoadRpm * gearRatio * 2 * Math.PI / 60.0;
        KeAtReference = (ratedVolts - noLoadAmps * ResistanceAtReference) / omegaMotorNoLoad;
        // Pololu's no-load current is measured on the complete gearmotor, so Kt*I_nl is the friction of
        // motor and gearbox together at no load. Split it: 60 % Coulomb (brushes, gear mesh), 40 % viscous.
        double noLoadFrictionNm = KeAtReference * noLoadAmps;
        CoulombFrictionNm = 0.6 * noLoadFrictionNm;
        ViscousNmPerRadPerSecond = 0.4 * noLoadFrictionNm / omegaMotorNoLoad;
        double stallNm = stallKgMm * 9.80665e-3;
        GearEfficiency = stallNm / (gearRatio * KeAtReference * (stallAmps - noLoadAmps));
        _ambientC = ambientC;
        _windingC = ambientC;
    }

    /// <summary>Datasheet test voltage, volts.</summary>
    public double RatedVolts { get; }

    /// <summary>Datasheet no-load output speed, rpm.</summary>
    public double DatasheetNoLoadRpm { get; }

    /// <summary>Datasheet no-load current, amps.</summary>
    public double DatasheetNoLoadAmps { get; }

    /// <summary>Datasheet stall current, amps.</summary>
    public double DatasheetStallAmps { get; }

    /// <summary>Datasheet stall torque at the output, kg*mm.</summary>
    public double DatasheetStallKgMm { get; }

    /// <summary>Gear reduction N.</summary>
    public double GearRatio { get; }

    /// <summary>Terminal resistance (winding plus brushes) at 25 C, ohms.</summary>
    public double ResistanceAtReference { get; }

    /// <summary>Back-EMF constant at 25 C, V*s/rad at the motor shaft (equal to Kt in N*m/A).</summary>
    public double KeAtReference { get; }

    /// <summary>
    /// Armature inductance, henries. Not on the Pololu datasheet; N20-size motors of this winding measure
    /// about 0.3-1 mH, giving L/R of tens of microseconds.
    /// </summary>
    public double InductanceHenries { get; init; } = 0.5e-3;

    /// <summary>
    /// Rotor inertia, kg*m^2. Estimate for a 12 mm iron-core rotor (about 3 g, 8 mm diameter): 2e-8, which gives
    /// a mechanical time constant J*R/(Ke*Kt) of about 20 ms, typical of micro motors.
    /// </summary>
    public double RotorInertia { get; init; } = 2.0e-8;

    /// <summary>Coulomb part of the gearmotor's no-load friction, N*m at the motor shaft.</summary>
    public double CoulombFrictionNm { get; }

    /// <summary>Viscous part of the no-load friction, N*m per rad/s at the motor shaft.</summary>
    public double ViscousNmPerRadPerSecond { get; }

    /// <summary>Gearbox efficiency for the load torque beyond no-load friction.</summary>
    public double GearEfficiency { get; }

    /// <summary>
    /// Magnet flux temperature coefficient, 1/K: hard ferrite loses about 0.2 %/K of remanence
    /// (e.g. TDK FB-series ferrite, Br coefficient -0.18 to -0.2 %/K), so Ke and Kt rise in the cold.
    /// </summary>
    public double MagnetCoefficientPerKelvin { get; init; } = -0.002;

    /// <summary>
    /// Winding-to-ambient thermal resistance, K/W. Estimate for a 12 mm can: about 40 K/W, so a 2 W stall heats
    /// the winding by tens of kelvin within seconds.
    /// </summary>
    public double ThermalOhms { get; init; } = 40.0;

    /// <summary>Winding heat capacity, J/K (about 0.6 g of copper plus the armature iron: 0.3 J/K).</summary>
    public double ThermalCapacity { get; init; } = 0.3;

    /// <summary>
    /// Commutation ripple: relative swing of the armature circuit's resistance as the brushes bridge commutator
    /// segments. A 3-slot micro motor gives 6 current pulses per motor turn; small brushed motors show 10-30 %
    /// peak-to-peak current ripple (the signal sensorless "ripple counting" uses). 0.12 gives about 24 % p-p.
    /// </summary>
    public double CommutationRipple { get; init; } = 0.12;

    /// <summary>Current pulses per motor turn (2 x commutator segments for a 3-slot rotor).</summary>
    public int CommutationPulsesPerTurn { get; init; } = 6;

    /// <summary>Rotor angle, radians (0..2 pi).</summary>
    public double RotorAngle
    {
        get => _rotorAngle;
        set => _rotorAngle = value;
    }

    /// <summary>
    /// Extra armature-circuit resistance at the present rotor angle from commutation, ohms: a triangle wave
    /// (the brushes' contact area changes linearly as they cross a segment gap) of amplitude
    /// <see cref="CommutationRipple"/> x R.
    /// </summary>
    public double CommutationOhms
    {
        get
        {
            double phase = CommutationPulsesPerTurn * _rotorAngle * (1.0 / (2 * Math.PI));
            double frac = phase - Math.Floor(phase);
            double triangle = 4.0 * Math.Abs(frac - 0.5) - 1.0; // +1 at segment centre, -1 at the gap
            return Resistance * CommutationRipple * triangle;
        }
    }

    /// <summary>Turns the rotor by <paramref name="motorRadPerSecond"/> x <paramref name="seconds"/>.</summary>
    public void AdvanceAngle(double motorRadPerSecond, double seconds)
    {
        double a = _rotorAngle + motorRadPerSecond * seconds;
        const double turn = 2 * Math.PI;
        if (a >= turn || a < 0)
        {
            a -= turn * Math.Floor(a / turn);
        }
        _rotorAngle = a;
    }

    /// <summary>Armature current, amps (positive drives the output forward).</summary>
    public double Amps => _amps;

    /// <summary>Winding temperature, C.</summary>
    public double WindingC => _windingC;

    /// <summary>Ambient temperature the winding cools towards, C.</summary>
    public double AmbientC
    {
        get => _ambientC;
        set => _ambientC = value;
    }

    /// <summary>Terminal resistance at the present winding temperature, ohms.</summary>
    public double Resistance
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            EnsureTemperatureTerms();
            return _resistance;
        }
    }

    /// <summary>Back-EMF constant at the present magnet temperature, V*s/rad.</summary>
    public double Ke
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            EnsureTemperatureTerms();
            return _ke;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureTemperatureTerms()
    {
        if (_windingC != _cachedAtC)
        {
            RefreshTemperatureTerms();
        }
    }

    private void RefreshTemperatureTerms()
    {
        _resistance = ResistanceAtReference * (1 + CopperCoefficientPerKelvin * (_windingC - ReferenceC));
        _ke = KeAtReference * (1 + MagnetCoefficientPerKelvin * (_windingC - ReferenceC));
        _cachedAtC = _windingC;
    }

    /// <summary>Electromagnetic torque at the motor shaft, N*m.</summary>
    public double TorqueNm => Ke * _amps;

    /// <summary>Sets the winding to a temperature (a motor soaked at the ambient).</summary>
    public void SoakAt(double temperatureC)
    {
        _ambientC = temperatureC;
        _windingC = temperatureC;
    }

    /// <summary>Forces the current (used when the circuit opens: the current is zero).</summary>
    public void SetAmps(double amps) => _amps = amps;

    /// <summary>
    /// Advances the armature current over <paramref name="seconds"/> for a motor fed from a source of
    /// <paramref name="sourceVolts"/> behind <paramref name="sourceOhms"/>, turning at
    /// <paramref name="motorRadPerSecond"/> (held over the step). Returns the new current.
    /// </summary>
    public double AdvanceCurrent(double sourceVolts, double sourceOhms, double motorRadPerSecond, double seconds)
    {
        double r = Resistance + sourceOhms;
        double steady = (sourceVolts - Ke * motorRadPerSecond) / r;
        double tau = InductanceHenries / r;
        if (seconds > 15 * tau)
        {
            _amps = steady; // e^-15 = 3e-7: the inductive transient is over within the step
        }
        else
        {
            _amps = steady + (_amps - steady) * Math.Exp(-seconds / tau);
        }
        return _amps;
    }

    /// <summary>Heats the winding by I^2 R and cools it towards ambient over <paramref name="seconds"/>.</summary>
    public void AdvanceThermal(double seconds)
    {
        double watts = _amps * _amps * Resistance;
        double target = _ambientC + watts * ThermalOhms;
        if (seconds != _thermalStepSeconds)
        {
            double tau = ThermalOhms * ThermalCapacity;
            double x = seconds / tau;
            _thermalStepFactor = x < 1e-3 ? x * (1 - 0.5 * x) : 1 - Math.Exp(-x);
            _thermalStepSeconds = seconds;
        }
        _windingC += (target - _windingC) * _thermalStepFactor;
    }

    /// <summary>
    /// Runs the gearmotor alone from an ideal voltage source with a constant opposing output torque (no load =
    /// 0) until it settles, integrating its own rotor inertia; returns (output rpm, amps). A bench measurement
    /// used to validate the model against the datasheet.
    /// </summary>
    public (double OutputRpm, double Amps) RunBench(double volts, double loadOutputNm, double seconds, double dt)
    {
        double omega = 0;
        double n = GearRatio;
        for (double t = 0; t < seconds; t += dt)
        {
            AdvanceCurrent(volts, 0, omega, dt);
            double motorNm = TorqueNm;
            double friction = CoulombFrictionNm * Math.Sign(omega) + ViscousNmPerRadPerSecond * omega;
            double drive = motorNm - friction;
            double loadAtMotor = loadOutputNm / n;
            // Gear losses scale with the load carried beyond no-load friction.
            double net = drive - (drive > 0 ? loadAtMotor / GearEfficiency : loadAtMotor);
            if (omega == 0 && Math.Abs(motorNm) <= CoulombFrictionNm + loadAtMotor / GearEfficiency)
            {
                continue; // stalled: static friction and the load hold the shaft
            }
            omega += net / RotorInertia * dt;
            if (omega < 0)
            {
                omega = 0;
            }
        }
        return (omega / n * 60.0 / (2 * Math.PI), _amps);
    }
}

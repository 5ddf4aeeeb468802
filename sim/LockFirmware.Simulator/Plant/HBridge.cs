using System;
using System.Runtime.CompilerServices;
using LockFirmware.Hal;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// The DRV8833 H-bridge between the pack and the motor, with the current-sense resistor in its ISEN leg.
/// <para>
/// DRV8833 datasheet (TI SLVSAR1): HS + LS on-resistance 360 mOhm typical at 25 C; body diodes conduct about
/// 0.8 V; PWM is treated as its period average (20 kHz is far above the motor's mechanical bandwidth) with
/// slow decay, so the average terminal voltage is duty x supply and the off-phase recirculates through the two
/// low-side switches (brake), which bypasses the sense resistor. Brake = both low-side switches on (terminals
/// shorted). Coast = all switches off: the inductive current dies through the body diodes within tens of
/// microseconds, after which no current flows unless the back-EMF exceeds the supply plus two diode drops
/// (a motor back-driven fast enough regenerates into the pack).
/// </para>
/// Not modelled: the DRV8833's over-current protection (trips at 2 A minimum and retries every ~1.6 ms), so a
/// hard short shows its full steady current here.
/// </summary>
public sealed class HBridge
{
    /// <summary>High-side plus low-side on-resistance, ohms (DRV8833: 360 mOhm typical).</summary>
    public double OnOhms { get; init; } = 0.36;

    /// <summary>Current-sense shunt in the ISEN leg, ohms (reference board: 100 mOhm).</summary>
    public double SenseOhms { get; init; } = 0.1;

    /// <summary>Motor leads and connector, ohms (2 x 10 cm of 28 AWG at 0.213 Ohm/m, plus contacts).</summary>
    public double WiringOhms { get; init; } = 0.05;

    /// <summary>Body-diode forward voltage, volts.</summary>
    public double DiodeVolts { get; init; } = 0.8;

    /// <summary>Present mode.</summary>
    public BridgeMode Mode { get; private set; } = BridgeMode.Coast;

    /// <summary>Present duty, 0..1 (drive modes only).</summary>
    public double Duty { get; private set; }

    /// <summary>Current through the motor armature, amps (positive = forward torque).</summary>
    public double MotorAmps { get; private set; }

    /// <summary>Average current through the ISEN shunt, amps (positive while the pack drives the motor).</summary>
    public double SenseAmps { get; private set; }

    /// <summary>Average current the bridge draws from the pack, amps (negative when regenerating).</summary>
    public double SupplyAmps { get; private set; }

    /// <summary>Average voltage across the motor terminals, volts (positive = forward).</summary>
    public double TerminalVolts { get; private set; }

    /// <summary>True while the bridge applies voltage to the motor (drive mode with non-zero duty).</summary>
    public bool Driving
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Mode == BridgeMode.Forward || Mode == BridgeMode.Reverse) && Duty > 0;
    }

    /// <summary>Sets the bridge inputs; duty is clamped to 0..1000 permille.</summary>
    public void Set(BridgeMode mode, int dutyPermille)
    {
        int d = dutyPermille < 0 ? 0 : (dutyPermille > 1000 ? 1000 : dutyPermille);
        Mode = mode;
        Duty = d / 1000.0;
    }

    /// <summary>
    /// Solves the bridge and motor over one step. <paramref name="busEmf"/> and <paramref name="busOhms"/> are the
    /// pack as the bridge sees it (the other loads' drop already taken off the EMF).
    /// </summary>
    /// <param name="motor">The motor (its current state is advanced).</param>
    /// <param name="motorRadPerSecond">Motor shaft speed, held over the step.</param>
    /// <param name="seconds">Step length.</param>
    /// <param name="busEmf">Thevenin voltage of the supply, volts (0 when the pack is disconnected).</param>
    /// <param name="busOhms">Thevenin resistance of the supply, ohms.</param>
    /// <param name="motorOpen">Fault: an armature lead is open.</param>
    /// <param name="shortOhms">Fault: resistance across the motor terminals; 0 or less for no short.</param>
    /// <param name="extraMotorOhms">Extra series resistance in the motor (worn brushes), ohms.</param>
    public void Solve(DcMotor motor, double motorRadPerSecond, double seconds, double busEmf, double busOhms,
        bool motorOpen, double shortOhms, double extraMotorOhms)
    {
        double d = Duty;
        double polarity = Mode == BridgeMode.Reverse ? -1 : 1;
        bool drive = Driving && busEmf > 0;
        bool brake = Mode == BridgeMode.Brake
            || ((Mode == BridgeMode.Forward || Mode == BridgeMode.Reverse) && d == 0);
        double backEmf = motor.Ke * motorRadPerSecond;

        // Thevenin source seen at the motor terminals from the bridge side.
        double vx;
        double rx;
        bool connected;
        if (drive)
        {
            vx = polarity * d * busEmf;
            rx = OnOhms + WiringOhms + d * SenseOhms + d * d * busOhms;
            connected = true;
        }
        else if (brake)
        {
            vx = 0;
            rx = OnOhms + WiringOhms;
            connected = true;
        }
        else
        {
            // Coast: only the body diodes can conduct, when |EMF| exceeds supply + 2 Vf.
            double clamp = (busEmf > 0 ? busEmf : 0) + 2 * DiodeVolts;
            if (!motorOpen && shortOhms <= 0 && Math.Abs(backEmf) > clamp)
            {
                vx = Math.Sign(backEmf) * clamp;
                rx = busOhms + WiringOhms + SenseOhms;
                connected = true;
            }
            else
            {
                vx = 0;
                rx = double.PositiveInfinity;
                connected = false;
            }
        }

        // A short across the motor terminals is in parallel with the motor.
        double vt; // terminal voltage
        double iOut; // current leaving the bridge towards the terminals
        double im; // armature current
        bool shorted = shortOhms > 0;
        double vn = vx; // network seen by the armature
        double rn = rx;
        if (shorted)
        {
            if (connected)
            {
                vn = vx * shortOhms / (rx + shortOhms);
                rn = rx * shortOhms / (rx + shortOhms);
            }
            else
            {
                vn = 0;
                rn = shortOhms;
            }
        }

        if (motorOpen)
        {
            motor.SetAmps(0);
            im = 0;
            if (shorted && connected)
            {
                iOut = vx / (rx + shortOhms);
                vt = iOut * shortOhms;
            }
            else
            {
                iOut = 0;
                vt = connected ? vx : backEmf;
            }
        }
        else if (!connected && !shorted)
        {
            // Open circuit: the inductive current collapses through the diodes within the step.
            motor.SetAmps(0);
            im = 0;
            iOut = 0;
            vt = backEmf;
        }
        else
        {
            im = motor.AdvanceCurrent(vn, rn + extraMotorOhms, motorRadPerSecond, seconds);
            vt = vn - rn * im;
            iOut = connected ? (vx - vt) / rx : 0;
        }

        MotorAmps = im;
        TerminalVolts = vt;
        if (drive)
        {
            // On-phase current comes from the pack through the active leg and the shunt.
            SupplyAmps = d * polarity * iOut;
            SenseAmps = SupplyAmps;
        }
        else if (connected && !brake)
        {
            // Coast with diodes conducting: current is pushed back into the pack, through the shunt backwards.
            SupplyAmps = -Math.Abs(iOut);
            SenseAmps = -Math.Abs(iOut);
        }
        else
        {
            SupplyAmps = 0;
            SenseAmps = 0;
        }
    }
}

using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// A person turning the key or thumbturn: the hand follows a minimum-jerk path (the smooth profile of
/// deliberate human reaching movements, Flash and Hogan 1985) from where the bolt is to a little past the end
/// stop, over about half a second, as a stiff spring-damper on the bolt with a force limit. Everything that
/// resists (grease, the back-driven gearbox and rotor, a braking or regenerating motor, an obstacle) slows it.
/// Force at the bolt is limited to 150 N (a thumbturn torque of about 1.5 N*m through a ~10 mm cam).
/// </summary>
public sealed class ManualHand
{
    private double _start;
    private double _duration;
    private double _fromM;
    private double _toM;

    /// <summary>Hand stiffness, N/m.</summary>
    public double StiffnessNPerM { get; init; } = 2.0e4;

    /// <summary>Hand damping, N per m/s.</summary>
    public double DampingNsPerM { get; init; } = 600.0;

    /// <summary>Largest force the hand applies, N.</summary>
    public double MaxForceN { get; init; } = 150.0;

    /// <summary>True while the person is turning (including a short hold at the end).</summary>
    public bool Active { get; private set; }

    /// <summary>When the hand lets go, plant seconds.</summary>
    public double EndsAt => _start + _duration + HoldSeconds;

    /// <summary>How long the person keeps pressing at the end of the turn, seconds.</summary>
    public double HoldSeconds { get; init; } = 0.2;

    /// <summary>Starts a turn from <paramref name="fromM"/> to <paramref name="toM"/> at <paramref name="now"/> lasting <paramref name="durationSeconds"/>.</summary>
    public void Begin(double now, double fromM, double toM, double durationSeconds)
    {
        _start = now;
        _duration = durationSeconds;
        _fromM = fromM;
        _toM = toM;
        Active = true;
    }

    /// <summary>Stops turning.</summary>
    public void Release() => Active = false;

    /// <summary>Force on the bolt at <paramref name="now"/> for a bolt at <paramref name="xM"/> moving at <paramref name="vMps"/>.</summary>
    public double Force(double now, double xM, double vMps)
    {
        if (!Active)
        {
            return 0;
        }
        if (now >= EndsAt)
        {
            Active = false;
            return 0;
        }
        double tau = (now - _start) / _duration;
        double s;
        double ds;
        if (tau >= 1)
        {
            s = 1;
            ds = 0;
        }
        else
        {
            double t2 = tau * tau;
            double t3 = t2 * tau;
            s = t3 * (10 - 15 * tau + 6 * t2);
            ds = 30 * t2 * (1 - 2 * tau + t2) / _duration;
        }
        double span = _toM - _fromM;
        double xRef = _fromM + span * s;
        double vRef = span * ds;
        double f = StiffnessNPerM * (xRef - xM) + DampingNsPerM * (vRef - vMps);
        return Math.Clamp(f, -MaxForceN, MaxForceN);
    }
}

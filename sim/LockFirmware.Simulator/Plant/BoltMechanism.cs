using System;
using System.Runtime.CompilerServices;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// The bolt: a rack driven by the gearmotor's pinion, sliding in greased guides between two end stops.
/// Position is bolt extension (0 = retracted flush with the faceplate, 25 mm = fully thrown).
/// <para>
/// Mass seen at the bolt = bolt and rack plus the rotor inertia reflected through the gear train,
/// J * (N / r)^2, about 18 kg for the 150:1 gearmotor and a 5 mm pinion (the rotor dominates).
/// Friction: Coulomb (static breakaway above kinetic) and viscous grease drag, both stiffening in the cold;
/// the gearmotor's no-load friction and a gear loss proportional to the torque carried.
/// Contacts (end stops, strike plate face, a jam) are stiff one-sided springs with damping. The linear terms
/// (viscous drag, contact stiffness and damping) are integrated implicitly, so stiff contacts are stable at
/// 1 ms steps; Coulomb friction uses a stick/slip switch so the bolt comes to rest exactly.
/// </para>
/// </summary>
public sealed class BoltMechanism
{
    /// <summary>Number of contact slots.</summary>
    public const int ContactSlots = 5;

    private readonly bool[] _contactActive = new bool[ContactSlots];
    private readonly double[] _contactPositionM = new double[ContactSlots];
    private readonly double[] _contactSide = new double[ContactSlots];
    private readonly double[] _contactStiffness = new double[ContactSlots];
    private readonly double[] _contactDamping = new double[ContactSlots];
    private readonly double[] _contactForce = new double[ContactSlots];
    // Active slots in ascending order: the step visits only these (usually the two end stops), in the same order
    // as a scan of every slot would, so the sums come out identical.
    private readonly int[] _activeSlots = new int[ContactSlots];
    private int _activeCount;

    private double _x;
    private double _v;

    /// <summary>Creates the mechanism with the bolt at <paramref name="initialMm"/>.</summary>
    public BoltMechanism(double initialMm)
    {
        _x = initialMm / 1000.0;
    }

    /// <summary>Pinion pitch radius, metres: module 0.5 mm, 20 teeth gives 5.0 mm.</summary>
    public double PinionRadiusM { get; init; } = 0.005;

    /// <summary>Full throw, metres (25 mm, ANSI/BHMA A156.40 residential deadbolt; BoardConfig.BoltThrowTenthsMm).</summary>
    public double ThrowM { get; init; } = 0.025;

    /// <summary>Mass of the bolt and rack, kg (steel bolt 12 x 25 x 40 mm plus rack: about 60 g).</summary>
    public double BoltMassKg { get; init; } = 0.06;

    /// <summary>Kinetic Coulomb friction of bolt and rack in the guides at 20 C, newtons.</summary>
    public double CoulombN { get; init; } = 5.0;

    /// <summary>Breakaway (static) friction as a multiple of kinetic (greased steel on zinc die-cast: ~1.3).</summary>
    public double StaticRatio { get; init; } = 1.3;

    /// <summary>Viscous grease drag at 20 C, N per m/s.</summary>
    public double ViscousNsPerM { get; init; } = 40.0;

    /// <summary>End-stop stiffness, N/m (die-cast stop plus gear-train compliance: about 200 N/mm).</summary>
    public double EndStopStiffness { get; init; } = 2.0e5;

    /// <summary>Damping ratio used for contacts (energy lost in the impact).</summary>
    public double ContactDampingRatio { get; init; } = 0.3;

    /// <summary>Bolt extension, metres.</summary>
    public double PositionM => _x;

    /// <summary>Bolt extension, millimetres.</summary>
    public double PositionMm => _x * 1000.0;

    /// <summary>Bolt velocity, m/s (positive = extending).</summary>
    public double VelocityMps => _v;

    /// <summary>True while the bolt is held by static friction.</summary>
    public bool AtRest => _v == 0;

    /// <summary>Force the contact in a slot last pushed on the bolt, newtons (positive = towards extension).</summary>
    public double ContactForceN(int slot) => _contactForce[slot];

    /// <summary>
    /// Multiplier on bolt friction for grease temperature. Mineral-oil lithium grease: base-oil viscosity
    /// roughly doubles every ~20 K of cooling around room temperature (ASTM D341 chart, VI ~ 100), and
    /// low-temperature torque tests (ASTM D1478) show breakaway torque climbing steeply below 0 C.
    /// Returns (coulomb factor, viscous factor).
    /// </summary>
    public static (double Coulomb, double Viscous) GreaseFactors(double temperatureC)
    {
        double viscous = Math.Exp(0.035 * (20.0 - temperatureC));
        double coulomb = temperatureC >= 0 ? 1.0 : 1.0 + 0.5 * (Math.Exp(-0.03 * temperatureC) - 1.0);
        return (coulomb, viscous);
    }

    /// <summary>Configures a one-sided contact.</summary>
    /// <param name="slot">0..<see cref="ContactSlots"/>-1.</param>
    /// <param name="active">Whether the contact exists.</param>
    /// <param name="positionM">Where the contact surface is, metres of extension.</param>
    /// <param name="blocksExtension">True: the contact stops the bolt going beyond the position; false: below it.</param>
    /// <param name="stiffness">Contact stiffness, N/m.</param>
    /// <param name="effectiveMassKg">Mass used to set the contact damping from the damping ratio.</param>
    public void SetContact(int slot, bool active, double positionM, bool blocksExtension, double stiffness,
        double effectiveMassKg)
    {
        _contactActive[slot] = active;
        _contactPositionM[slot] = positionM;
        _contactSide[slot] = blocksExtension ? 1 : -1;
        _contactStiffness[slot] = stiffness;
        _contactDamping[slot] = 2 * ContactDampingRatio * Math.Sqrt(stiffness * effectiveMassKg);
        if (!active)
        {
            _contactForce[slot] = 0;
        }
        _activeCount = 0;
        for (int i = 0; i < ContactSlots; i++)
        {
            if (_contactActive[i])
            {
                _activeSlots[_activeCount++] = i;
            }
        }
    }

    /// <summary>Moves the bolt directly (test set-up or a reset).</summary>
    public void Place(double positionMm)
    {
        _x = positionMm / 1000.0;
        _v = 0;
    }

    /// <summary>
    /// Advances the bolt one step.
    /// </summary>
    /// <param name="seconds">Step length (at most a few ms).</param>
    /// <param name="massKg">Total mass seen at the bolt (bolt plus reflected rotor).</param>
    /// <param name="drivingForceN">Explicit forces (motor electromagnetic force at the bolt, a hand), N.</param>
    /// <param name="coulombN">Kinetic Coulomb friction magnitude, N.</param>
    /// <param name="staticN">Breakaway friction magnitude, N.</param>
    /// <param name="viscousNsPerM">Linear damping, N per m/s.</param>
    public void Step(double seconds, double massKg, double drivingForceN, double coulombN, double staticN,
        double viscousNsPerM)
    {
        double x = _x;
        double v = _v;

        // Contact forces at the present position (for the stick test) and implicit coefficients.
        double springSum = 0;   // sum of -k (x - p) over engaged contacts
        double kSum = 0;
        double cSum = 0;
        for (int k = 0; k < _activeCount; k++)
        {
            int i = _activeSlots[k];
            double pen = (x - _contactPositionM[i]) * _contactSide[i];
            if (pen > 0)
            {
                springSum += -_contactStiffness[i] * (x - _contactPositionM[i]);
                kSum += _contactStiffness[i];
                if (v * _contactSide[i] >= 0)
                {
                    // Damping only while pressing in: a contact cannot pull the bolt back as it leaves.
                    cSum += _contactDamping[i];
                }
            }
        }

        double applied = drivingForceN + springSum;
        if (v == 0)
        {
            if (Math.Abs(applied) <= staticN)
            {
                RecordContacts(x, 0);
                return; // stuck
            }
        }

        double direction = v != 0 ? Sign(v) : Sign(applied);
        double rhs = v + seconds / massKg * (applied - direction * coulombN);
        double lhs = 1 + seconds / massKg * (viscousNsPerM + cSum) + seconds * seconds / massKg * kSum;
        double vNew = rhs / lhs;
        if (Sign(vNew) != direction)
        {
            // Friction (or a contact) brought the bolt to rest within the step; it sticks unless the next
            // step's applied force exceeds breakaway.
            vNew = 0;
        }
        _v = vNew;
        _x = x + seconds * vNew;
        RecordContacts(_x, vNew);
    }

    /// <summary>Math.Sign, inlined into the step (Math.Sign is not: its NaN throw keeps the JIT from it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Sign(double value)
    {
        if (value > 0)
        {
            return 1;
        }
        if (value < 0)
        {
            return -1;
        }
        return value == 0 ? 0 : ThrowNaN();
    }

    private static int ThrowNaN() => throw new ArithmeticException("the bolt's state became NaN");

    private void RecordContacts(double x, double v)
    {
        // Inactive slots hold 0 (SetContact clears them), so only the active ones need writing.
        for (int k = 0; k < _activeCount; k++)
        {
            int i = _activeSlots[k];
            double f = 0;
            double pen = (x - _contactPositionM[i]) * _contactSide[i];
            if (pen > 0)
            {
                f = -_contactStiffness[i] * (x - _contactPositionM[i]) - _contactDamping[i] * v;
                // Contacts push, never pull.
                if (f * _contactSide[i] > 0)
                {
                    f = 0;
                }
            }
            _contactForce[i] = f;
        }
    }
}

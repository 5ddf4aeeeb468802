namespace LockFirmware.Simulator.Plant;

/// <summary>
/// A bolt-position microswitch closing to ground (pull-up input: closed = low). It operates at one bolt position
/// and releases at another (movement differential), and its contacts bounce 1-5 ms on each change. Figures are
/// those of a subminiature switch such as the Omron D2F: movement differential about 0.2-0.3 mm at the plunger,
/// bounce within 5 ms.
/// </summary>
public sealed class LimitSwitch
{
    private readonly BouncingContact _contact;

    /// <summary>Creates a switch.</summary>
    /// <param name="operateMm">Bolt position at which it closes.</param>
    /// <param name="releaseMm">Bolt position at which it opens again (on the open side of <paramref name="operateMm"/>).</param>
    /// <param name="closesTowardsExtension">True for the extended switch (closes when the bolt is beyond operate).</param>
    /// <param name="boltMm">Initial bolt position.</param>
    /// <param name="random">Seeded generator for the bounce.</param>
    public LimitSwitch(double operateMm, double releaseMm, bool closesTowardsExtension, double boltMm, System.Random random)
    {
        OperateMm = operateMm;
        ReleaseMm = releaseMm;
        ClosesTowardsExtension = closesTowardsExtension;
        bool closed = closesTowardsExtension ? boltMm >= operateMm : boltMm <= operateMm;
        _contact = new BouncingContact(closed, random, 0.001, 0.005, 3);
    }

    /// <summary>Bolt position where the switch closes, mm.</summary>
    public double OperateMm { get; }

    /// <summary>Bolt position where the switch opens again, mm.</summary>
    public double ReleaseMm { get; }

    /// <summary>True when the switch closes as the bolt extends past <see cref="OperateMm"/>.</summary>
    public bool ClosesTowardsExtension { get; }

    /// <summary>The contact (for bounce inspection).</summary>
    public BouncingContact Contact => _contact;

    /// <summary>Updates the mechanical state from the bolt position at <paramref name="now"/>.</summary>
    public void Track(double boltMm, double now)
    {
        bool target = _contact.TargetClosed;
        if (ClosesTowardsExtension)
        {
            if (!target && boltMm >= OperateMm)
            {
                _contact.Set(true, now);
            }
            else if (target && boltMm < ReleaseMm)
            {
                _contact.Set(false, now);
            }
        }
        else
        {
            if (!target && boltMm <= OperateMm)
            {
                _contact.Set(true, now);
            }
            else if (target && boltMm > ReleaseMm)
            {
                _contact.Set(false, now);
            }
        }
    }

    /// <summary>True when the contact is closed at <paramref name="now"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool IsClosed(double now) => _contact.IsClosed(now);
}

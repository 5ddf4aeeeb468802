using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// The door leaf, the frame's strike plate and the door's reed-switch magnet.
/// <para>
/// With the door closed the bolt tip crosses the gap between the lock faceplate and the strike (about 4 mm on a
/// typical residential door: 3 mm clearance plus the strike plate) and must enter the strike hole. The hole is
/// 3 mm wider than the bolt (+-1.5 mm clearance). With the strike offset by more than that, the bolt's tip lands
/// on the plate face at an extension of about the gap and stalls there; just inside the clearance the bolt's
/// chamfer rubs the hole edge (extra friction). With the door open or ajar the bolt throws freely.
/// Closing the door with the bolt sticking out further than the gap leaves it ajar (the bolt hits the frame);
/// pulling a door whose bolt is in the strike does nothing; forcing it open tears the strike out of the frame.
/// </para>
/// </summary>
public sealed class DoorAndStrike
{
    /// <summary>Creates the door in <paramref name="position"/> with the strike installed offset by <paramref name="installedOffsetMm"/>.</summary>
    public DoorAndStrike(DoorPosition position, double installedOffsetMm)
    {
        Position = position;
        InstalledOffsetMm = installedOffsetMm;
    }

    /// <summary>Where the door is.</summary>
    public DoorPosition Position { get; private set; }

    /// <summary>Bolt extension at which the tip reaches the strike plate face, mm.</summary>
    public double GapMm { get; init; } = 4.0;

    /// <summary>Radial clearance between bolt and strike hole, mm.</summary>
    public double HoleClearanceMm { get; init; } = 1.5;

    /// <summary>Width of the band inside the clearance where the bolt chamfer rubs the hole edge, mm.</summary>
    public double RubBandMm { get; init; } = 0.5;

    /// <summary>Friction added at the edge of the clearance, N.</summary>
    public double MaxRubN { get; init; } = 4.0;

    /// <summary>Stiffness of the strike plate face, N/m (steel plate screwed into a wooden jamb: ~300 N/mm).</summary>
    public double StrikeStiffnessNPerM { get; init; } = 3.0e5;

    /// <summary>Strike offset as installed, mm.</summary>
    public double InstalledOffsetMm { get; set; }

    /// <summary>Extra offset from a strike_offset fault, mm.</summary>
    public double FaultOffsetMm { get; set; }

    /// <summary>Total offset of the strike hole from the bolt, mm.</summary>
    public double OffsetMm => InstalledOffsetMm + FaultOffsetMm;

    /// <summary>True once the door has been forced and the strike torn out.</summary>
    public bool StrikeTornOut { get; private set; }

    /// <summary>True when the reed magnet is at the switch (door closed).</summary>
    public bool ReedClosed => Position == DoorPosition.Closed;

    /// <summary>True when the bolt's tip meets the strike plate face (door closed, hole out of reach).</summary>
    public bool FaceBlocksBolt =>
        Position == DoorPosition.Closed && !StrikeTornOut && Math.Abs(OffsetMm) > HoleClearanceMm;

    /// <summary>Extra friction on the bolt past the strike face from rubbing the hole edge, N.</summary>
    public double RubN(double boltMm)
    {
        if (Position != DoorPosition.Closed || StrikeTornOut || boltMm <= GapMm)
        {
            return 0;
        }
        double into = Math.Abs(OffsetMm) - (HoleClearanceMm - RubBandMm);
        if (into <= 0 || Math.Abs(OffsetMm) > HoleClearanceMm)
        {
            return 0;
        }
        return MaxRubN * into / RubBandMm;
    }

    /// <summary>True when the bolt is in the strike, holding the door shut.</summary>
    public bool BoltHoldsDoor(double boltMm) =>
        Position == DoorPosition.Closed && !StrikeTornOut && boltMm > GapMm + 0.5;

    /// <summary>
    /// A person moves the door towards <paramref name="target"/>; returns where it ends up given the bolt at
    /// <paramref name="boltMm"/>.
    /// </summary>
    public DoorPosition MoveTo(DoorPosition target, double boltMm)
    {
        if (target == Position)
        {
            return Position;
        }
        if (Position == DoorPosition.Closed && BoltHoldsDoor(boltMm))
        {
            return Position; // locked: pulling does not open it
        }
        if (target == DoorPosition.Closed && boltMm > GapMm)
        {
            Position = DoorPosition.Ajar; // the thrown bolt hits the frame
            return Position;
        }
        Position = target;
        return Position;
    }

    /// <summary>The door is forced open: the strike tears out if the bolt held it.</summary>
    public void ForceOpen(double boltMm)
    {
        if (BoltHoldsDoor(boltMm))
        {
            StrikeTornOut = true;
        }
        Position = DoorPosition.Open;
    }
}

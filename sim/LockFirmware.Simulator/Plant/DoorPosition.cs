namespace LockFirmware.Simulator.Plant;

/// <summary>Where the door leaf is relative to the frame.</summary>
public enum DoorPosition
{
    /// <summary>Shut in the frame: the bolt faces the strike across the door gap; the reed magnet is at the switch.</summary>
    Closed = 0,
    /// <summary>
    /// Pushed to but not into the frame (about 30 mm short, e.g. stopped by an extended bolt hitting the frame):
    /// the reed magnet is beyond the switch's operate distance and the bolt meets nothing.
    /// </summary>
    Ajar = 1,
    /// <summary>Swung open: the bolt throws freely.</summary>
    Open = 2,
}

namespace LockFirmware.Actuation
{
    /// <summary>Which way a stroke moves the bolt.</summary>
    public enum StrokeDirection
    {
        /// <summary>Extend the bolt (lock): bridge forward.</summary>
        Extend = 0,
        /// <summary>Retract the bolt (unlock): bridge reverse.</summary>
        Retract = 1,
    }
}

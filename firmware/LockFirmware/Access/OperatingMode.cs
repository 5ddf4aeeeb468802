namespace LockFirmware.Access
{
    /// <summary>Matter Door Lock OperatingMode values used by this lock.</summary>
    public enum OperatingMode
    {
        /// <summary>Normal operation.</summary>
        Normal = 0,
        /// <summary>User codes disabled; master code still works.</summary>
        Vacation = 1,
        /// <summary>All keypad unlocks refused, and the keypad calibration gesture (its run ends retracted).</summary>
        Privacy = 2,
        /// <summary>Auto-relock disabled; the bolt stays as set.</summary>
        Passage = 4,
    }
}

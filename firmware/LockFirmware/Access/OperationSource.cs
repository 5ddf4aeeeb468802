namespace LockFirmware.Access
{
    /// <summary>Matter Door Lock OperationSource values used by this lock.</summary>
    public enum OperationSource
    {
        /// <summary>Unknown.</summary>
        Unspecified = 0,
        /// <summary>Key or thumbturn (the bolt moved with the motor off).</summary>
        Manual = 1,
        /// <summary>Keypad code or one-touch lock.</summary>
        Keypad = 3,
        /// <summary>Auto-relock timer.</summary>
        Auto = 4,
        /// <summary>A button on the lock.</summary>
        Button = 5,
        /// <summary>Technician console (Matter: Proprietary).</summary>
        Console = 2,
    }
}

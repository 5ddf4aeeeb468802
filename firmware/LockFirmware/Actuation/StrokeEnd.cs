namespace LockFirmware.Actuation
{
    /// <summary>Why a stroke ended.</summary>
    public enum StrokeEnd
    {
        /// <summary>Still running (no end yet).</summary>
        None = 0,
        /// <summary>The target limit switch closed.</summary>
        Completed = 1,
        /// <summary>The end-stop current rise was seen but the limit switch stayed open (bolt sensor suspect).</summary>
        EndStopCurrent = 2,
        /// <summary>Stalled mid-travel on every attempt: jam (or misalignment when classified so).</summary>
        Jammed = 3,
        /// <summary>The stroke took longer than its limit.</summary>
        Timeout = 4,
        /// <summary>No current flowed while driven.</summary>
        OpenCircuit = 5,
        /// <summary>Current at the rail or far above stall at once.</summary>
        Short = 6,
        /// <summary>Refused or stopped because the battery cannot supply it.</summary>
        InsufficientBattery = 7,
        /// <summary>Refused before driving: the motor-current sense reads a rail with the bridge off (current_sensor_fault).</summary>
        SensorFault = 8,
        /// <summary>Repeatable stop at the strike with the door closed: strike out of line.</summary>
        Misaligned = 9,
        /// <summary>
        /// Stopped on the lock's own order before its end, on the door-open strike check (Diagnosis.StrikeCheck): at the
        /// position it was sent to (BoltDrive.StopAtTenthsMm), or at once when the door was shut on the throw.
        /// </summary>
        Stopped = 10,
    }
}

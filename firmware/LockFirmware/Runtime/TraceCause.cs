namespace LockFirmware.Runtime
{
    /// <summary>Why a state machine changed state (the "because" of a trace line).</summary>
    public enum TraceCause
    {
        /// <summary>Start-up decided the initial state.</summary>
        PowerOn = 0,
        /// <summary>A lock was requested (keypad <c>#</c>, console, auto-relock).</summary>
        LockRequest = 1,
        /// <summary>An unlock was requested (valid code, console).</summary>
        UnlockRequest = 2,
        /// <summary>The soft-start ramp reached the running duty.</summary>
        RampDone = 3,
        /// <summary>The target limit switch closed.</summary>
        LimitReached = 4,
        /// <summary>Current rose at the end of travel although the limit switch stayed open.</summary>
        EndStopCurrent = 5,
        /// <summary>Current at stall level mid-travel.</summary>
        Stall = 6,
        /// <summary>The stroke took longer than its limit.</summary>
        Timeout = 7,
        /// <summary>No current flowed while the bridge was driven.</summary>
        OpenCircuit = 8,
        /// <summary>Current at or above the stall level at once, with no motion.</summary>
        Short = 9,
        /// <summary>The braking interval ended.</summary>
        BrakeDone = 10,
        /// <summary>The back-off move ended.</summary>
        BackoffDone = 11,
        /// <summary>The pause before a retry ended.</summary>
        PauseDone = 12,
        /// <summary>All retries failed.</summary>
        RetriesExhausted = 13,
        /// <summary>The bolt moved with the motor off (key or thumbturn).</summary>
        ManualMove = 14,
        /// <summary>A stroke finished (any end reason).</summary>
        StrokeFinished = 15,
        /// <summary>A key was pressed.</summary>
        Key = 16,
        /// <summary>Code entry timed out.</summary>
        EntryTimeout = 17,
        /// <summary>Code accepted.</summary>
        CodeAccepted = 18,
        /// <summary>Code refused.</summary>
        CodeRejected = 19,
        /// <summary>Keypad lockout ended.</summary>
        LockoutOver = 20,
        /// <summary>
        /// A limit switch contradicted the motion evidence; or the current channel read at a rail during a stroke run without
        /// believing it (BoltDrive.CurrentSensorSuspect), which cuts it.
        /// </summary>
        SensorContradiction = 21,
        /// <summary>The battery cannot supply the stroke.</summary>
        InsufficientBattery = 22,
        /// <summary>Fault raised.</summary>
        FaultRaised = 23,
        /// <summary>Fault cleared.</summary>
        FaultCleared = 24,
        /// <summary>The door-open strike check started (Diagnosis.StrikeCheck).</summary>
        StrikeCheck = 25,
        /// <summary>A crawling lock's press into the extended end stop ended (ActuationTuning.SeatMs).</summary>
        SeatDone = 26,
    }
}

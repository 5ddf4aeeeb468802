namespace LockFirmware.Diagnosis
{
    /// <summary>
    /// The diagnosis vocabulary (shared contracts page). Numbers here are array indices; the numbered
    /// codes a person reads off the LED are in <see cref="FaultCatalogue"/> and docs/fault-codes.md.
    /// The comment on each names who raises it.
    /// </summary>
    public enum FaultCode
    {
        /// <summary>Stall mid-travel (BoltDrive).</summary>
        Jam = 0,
        /// <summary>Repeatable partial extension with the door closed: strike out of line (BoltDrive).</summary>
        Misalignment = 1,
        /// <summary>Stroke completes with current or time above baseline (BoltDrive).</summary>
        StiffActuator = 2,
        /// <summary>Motor cannot reach its learned speed at normal current (BoltDrive).</summary>
        WeakActuator = 3,
        /// <summary>No current while driven: cut or loose motor wire (BoltDrive).</summary>
        MotorOpenCircuit = 4,
        /// <summary>Current at or above stall at once with no motion (BoltDrive).</summary>
        MotorShort = 5,
        /// <summary>A limit switch contradicts the motion evidence, or both are closed (BoltDrive, self-test).</summary>
        BoltSensorFault = 6,
        /// <summary>Door reed switch never changes through repeated keypad entries: stuck (LockController with DoorSensorEvidence).</summary>
        DoorSensorFault = 7,
        /// <summary>Motor current ADC not at its bias or frozen with the bridge off (self-test, post-stroke check, BoltDrive).</summary>
        CurrentSensorFault = 8,
        /// <summary>Battery ADC reading outside physical limits, frozen, or not sagging under load (BatteryMonitor, self-test, LockController).</summary>
        BatterySensorFault = 9,
        /// <summary>Battery at warning level (BatteryMonitor).</summary>
        BatteryLow = 10,
        /// <summary>Battery at critical level; reserve only (BatteryMonitor).</summary>
        BatteryCritical = 11,
        /// <summary>No valid calibration (BoltDrive calibration, start-up).</summary>
        Uncalibrated = 12,
        /// <summary>Wall-clock time lost across a power removal (start-up).</summary>
        ClockLost = 13,
        /// <summary>Door left open (LockController door monitor).</summary>
        DoorAjar = 14,
        /// <summary>Door opened while locked (LockController door monitor).</summary>
        DoorForcedOpen = 15,
        /// <summary>Keypad locked out after too many wrong codes (CodeEntry).</summary>
        KeypadLockout = 16,
        /// <summary>A stored record failed its checksum or a write failed (storage).</summary>
        StorageFault = 17,
        /// <summary>Power-on self-test failed (SelfTest).</summary>
        SelftestFailed = 18,
    }
}

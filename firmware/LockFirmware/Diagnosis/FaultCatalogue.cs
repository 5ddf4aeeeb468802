namespace LockFirmware.Diagnosis
{
    /// <summary>
    /// Everything the lock says about each <see cref="FaultCode"/>: its contract name, the number a person
    /// reads off the LED (tens = category as long flashes, units = detail as short flashes), severity, and
    /// the remedy, keyed to the steps of the shared field guide (1 change batteries, 2 use the key,
    /// 3 reset the code, 4 re-calibrate, 5 unjam, 6 rewire, 7 fix the door, 8 service the lock).
    /// docs/fault-codes.md is the human copy of this table; a test keeps the two in step.
    /// </summary>
    public static class FaultCatalogue
    {
        /// <summary>Number of fault codes.</summary>
        public const int Count = 19;

        /// <summary>
        /// Faults the lock keeps across a restart: the deep-sleep record carries them across the restart a deep sleep is,
        /// and the faults record (LockStore.FaultsRecord, written whenever this set of active faults changes) across a power
        /// loss (a battery change, a pull, a brown-out), because neither is evidence that a fault is gone (issue 6: each
        /// fault clears only on evidence). They are the faults whose clearing evidence is a later stroke or sensor change,
        /// not something every start measures again: the warnings the lock keeps working under (<c>stiff_actuator</c>,
        /// <c>weak_actuator</c>, <c>misalignment</c> with the strike evidence, <c>door_sensor_fault</c>), the sensor faults it
        /// works around (<c>bolt_sensor_fault</c> with its suspect switches, <c>current_sensor_fault</c>), and the stroke
        /// faults <c>jam</c>, <c>motor_open_circuit</c> and <c>motor_short</c>, which clear on the next full stroke. With the
        /// bolt back at an end after giving up (BoltDrive recovers to its origin) nothing of them lives only in RAM, so they
        /// no longer keep the lock in light sleep (0.8 mA, docs/power.md) for as long as nobody fixes the door. Not kept: what
        /// every start derives again from the hardware (battery level and sensor, clock, calibration, storage, self-test, the
        /// door reed's ajar / forced-open states) and <c>keypad_lockout</c>, whose throttle has its own record.
        /// </summary>
        public static bool KeptAcrossRestart(FaultCode code)
        {
            return code == FaultCode.StiffActuator || code == FaultCode.WeakActuator || code == FaultCode.DoorSensorFault
                || code == FaultCode.Misalignment || code == FaultCode.BoltSensorFault || code == FaultCode.CurrentSensorFault
                || code == FaultCode.Jam || code == FaultCode.MotorOpenCircuit || code == FaultCode.MotorShort;
        }

        private static readonly string[] FaultNames =
        {
            "jam", "misalignment", "stiff_actuator", "weak_actuator",
            "motor_open_circuit", "motor_short", "bolt_sensor_fault", "door_sensor_fault",
            "current_sensor_fault", "battery_sensor_fault", "battery_low", "battery_critical",
            "uncalibrated", "clock_lost", "door_ajar", "door_forced_open", "keypad_lockout",
            "storage_fault", "selftest_failed",
        };

        // Category 1 bolt mechanics, 2 wiring and sensors, 3 power, 4 door, 5 system, 6 access.
        private static readonly int[] Numbers =
        {
            11, 12, 13, 14,
            21, 22, 23, 24,
            25, 26, 31, 32,
            51, 52, 41, 42, 61,
            53, 54,
        };

        private static readonly FaultSeverity[] Severities =
        {
            FaultSeverity.Critical, FaultSeverity.Warning, FaultSeverity.Warning, FaultSeverity.Warning,
            FaultSeverity.Critical, FaultSeverity.Critical, FaultSeverity.Warning, FaultSeverity.Warning,
            FaultSeverity.Warning, FaultSeverity.Warning, FaultSeverity.Warning, FaultSeverity.Critical,
            FaultSeverity.Warning, FaultSeverity.Notice, FaultSeverity.Notice, FaultSeverity.Critical, FaultSeverity.Notice,
            FaultSeverity.Critical, FaultSeverity.Critical,
        };

        private static readonly int[] RemedySteps =
        {
            5, 7, 8, 8,
            6, 6, 6, 6,
            8, 8, 1, 1,
            4, 4, 7, 7, 3,
            8, 8,
        };

        private static readonly string[] Remedies =
        {
            "clear the obstruction, then lock again (field guide 5: unjam)",
            "adjust the strike plate so the bolt enters freely (field guide 7: fix the door)",
            "loosen over-tight screws and lubricate the bolt (field guide 8: service the lock)",
            "service or replace the actuator (field guide 8: service the lock)",
            "reconnect the motor wires (field guide 6: check the wires)",
            "check the motor wires for a short (field guide 6: check the wires)",
            "check the bolt limit switch wiring (field guide 6: check the wires)",
            "check the door sensor and its magnet (field guide 6: check the wires)",
            "service the lock electronics (field guide 8: service the lock)",
            "service the lock electronics (field guide 8: service the lock)",
            "replace the batteries soon (field guide 1: change batteries)",
            "replace the batteries now; only unlocking is kept (field guide 1: change batteries)",
            "run calibration from the console or keypad (field guide 4: re-calibrate)",
            "set the clock from the console (field guide 4: re-calibrate)",
            "close the door (field guide 7: fix the door)",
            "check the door; it was opened while locked (field guide 7: fix the door)",
            "wait for the lockout to end, then enter the right code (field guide 3: reset the code)",
            "re-enter settings and codes from the console (field guide 8: service the lock)",
            "service the lock (field guide 8: service the lock)",
        };

        /// <summary>Contract name, e.g. <c>jam</c>.</summary>
        public static string Name(FaultCode code)
        {
            int i = (int)code;
            return i >= 0 && i < Count ? FaultNames[i] : "unknown";
        }

        /// <summary>The two-digit number shown on the LED (tens: category, units: detail).</summary>
        public static int Number(FaultCode code) { return Numbers[(int)code]; }

        /// <summary>Severity.</summary>
        public static FaultSeverity Severity(FaultCode code) { return Severities[(int)code]; }

        /// <summary>Field guide step (1..8) that fixes it.</summary>
        public static int RemedyStep(FaultCode code) { return RemedySteps[(int)code]; }

        /// <summary>What the owner should do.</summary>
        public static string Remedy(FaultCode code) { return Remedies[(int)code]; }

        /// <summary>Parses a contract name; returns false for an unknown name.</summary>
        public static bool TryParse(string name, out FaultCode code)
        {
            for (int i = 0; i < Count; i++)
            {
                if (FaultNames[i] == name)
                {
                    code = (FaultCode)i;
                    return true;
                }
            }
            code = FaultCode.Jam;
            return false;
        }
    }
}

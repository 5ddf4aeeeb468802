namespace LockFirmware.Runtime
{
    /// <summary>
    /// snake_case names for every catalogue value (shared contracts page). nanoFramework's enum
    /// ToString prints the number, so the firmware prints names from these tables.
    /// </summary>
    public static class Names
    {
        private static readonly string[] LockStates = { "not_fully_locked", "locked", "unlocked" };
        private static readonly string[] DoorStates = { "open", "closed", "jammed", "forced_open", "unspecified_error", "ajar" };
        private static readonly string[] Alarms = { "lock_jammed", "lock_factory_reset", "", "lock_power_cycled", "wrong_code_entry_limit", "", "door_forced_open", "door_ajar" };
        private static readonly string[] OperationErrors = { "unspecified", "invalid_credential", "disabled_user_denied", "restricted", "insufficient_battery" };
        private static readonly string[] Sources = { "unspecified", "manual", "console", "keypad", "auto", "button" };
        private static readonly string[] BatteryLevels = { "ok", "warning", "critical" };
        private static readonly string[] Modes = { "normal", "vacation", "privacy", "no_remote_lock_unlock", "passage" };
        private static readonly string[] Operations = { "lock", "unlock" };
        private static readonly string[] StrokeEnds = { "none", "completed", "end_stop_current", "jammed", "timeout", "open_circuit", "short", "insufficient_battery", "sensor_fault", "misaligned", "stopped" };
        private static readonly string[] Chemistries = { "unknown", "alkaline", "lithium", "nimh" };
        private static readonly string[] EventKinds = { "state", "alarm", "fault", "fault_cleared", "indication", "operation", "operation_error", "console", "battery", "stroke", "selftest" };

        private static string Pick(string[] table, int value)
        {
            if (value < 0 || value >= table.Length || table[value].Length == 0) return "unknown";
            return table[value];
        }

        /// <summary>Name of a <see cref="LockFirmware.Access.LockState"/>.</summary>
        public static string LockState(LockFirmware.Access.LockState v) { return Pick(LockStates, (int)v); }

        /// <summary>Name of a <see cref="LockFirmware.Access.DoorState"/>.</summary>
        public static string DoorState(LockFirmware.Access.DoorState v) { return Pick(DoorStates, (int)v); }

        /// <summary>Name of a <see cref="LockFirmware.Diagnosis.AlarmCode"/>.</summary>
        public static string Alarm(LockFirmware.Diagnosis.AlarmCode v) { return Pick(Alarms, (int)v); }

        /// <summary>Name of a <see cref="LockFirmware.Access.OperationError"/>.</summary>
        public static string OperationError(LockFirmware.Access.OperationError v) { return Pick(OperationErrors, (int)v); }

        /// <summary>Name of a <see cref="LockFirmware.Access.OperationSource"/>.</summary>
        public static string Source(LockFirmware.Access.OperationSource v) { return Pick(Sources, (int)v); }

        /// <summary>Name of a <see cref="LockFirmware.Power.BatteryLevel"/>.</summary>
        public static string BatteryLevel(LockFirmware.Power.BatteryLevel v) { return Pick(BatteryLevels, (int)v); }

        /// <summary>Name of a <see cref="LockFirmware.Access.OperatingMode"/>.</summary>
        public static string Mode(LockFirmware.Access.OperatingMode v) { return Pick(Modes, (int)v); }

        /// <summary>Name of a <see cref="LockFirmware.Access.LockOperation"/>.</summary>
        public static string Operation(LockFirmware.Access.LockOperation v) { return Pick(Operations, (int)v); }

        /// <summary>Name of a <see cref="LockFirmware.Diagnosis.FaultCode"/>.</summary>
        public static string Fault(LockFirmware.Diagnosis.FaultCode v) { return LockFirmware.Diagnosis.FaultCatalogue.Name(v); }

        /// <summary>Name of a <see cref="LockEventKind"/> (the JSON line <c>type</c>).</summary>
        public static string EventKind(LockEventKind v) { return Pick(EventKinds, (int)v); }

        /// <summary>Name of a <see cref="LockFirmware.Actuation.StrokeEnd"/>.</summary>
        public static string StrokeEnd(LockFirmware.Actuation.StrokeEnd v) { return Pick(StrokeEnds, (int)v); }

        /// <summary>Name of a <see cref="LockFirmware.Power.CellChemistry"/>.</summary>
        public static string Chemistry(LockFirmware.Power.CellChemistry v) { return Pick(Chemistries, (int)v); }

        /// <summary>
        /// Parses a <c>battery_chemistry</c> value: <c>alkaline</c>, <c>lithium</c>, <c>nimh</c>, or <c>auto</c> (detect from
        /// the fresh pack's voltage, <see cref="LockFirmware.Power.CellChemistry.Unknown"/>); false for anything else.
        /// </summary>
        public static bool TryParseChemistry(string name, out LockFirmware.Power.CellChemistry chemistry)
        {
            chemistry = LockFirmware.Power.CellChemistry.Unknown;
            if (name == "auto") return true;
            for (int i = 1; i < Chemistries.Length; i++)
            {
                if (Chemistries[i] != name) continue;
                chemistry = (LockFirmware.Power.CellChemistry)i;
                return true;
            }
            return false;
        }

        /// <summary>Parses a mode name; returns false for an unknown name.</summary>
        public static bool TryParseMode(string name, out LockFirmware.Access.OperatingMode mode)
        {
            for (int i = 0; i < Modes.Length; i++)
            {
                if (Modes[i] == name && i != 3)
                {
                    mode = (LockFirmware.Access.OperatingMode)i;
                    return true;
                }
            }
            mode = LockFirmware.Access.OperatingMode.Normal;
            return false;
        }
    }
}

using LockFirmware.Runtime;

namespace LockFirmware.Service
{
    /// <summary>snake_case names for trace lines (machines, their states and the causes), printed by the console's <c>trace</c>.</summary>
    public static class TraceNames
    {
        private static readonly string[] Machines = { "lock", "bolt_drive", "diagnosis", "code_entry", "console" };
        private static readonly string[] LockStates = { "locked", "unlocked", "not_fully_locked", "locking", "unlocking", "calibrating" };
        private static readonly string[] DriveStates = { "idle", "soft_start", "running", "braking", "backing_off", "retry_pause", "recovering", "measuring", "seating" };
        private static readonly string[] EntryStates = { "idle", "entering", "locked_out" };
        private static readonly string[] ConsoleStates = { "guest", "technician", "awaiting_selftest" };
        private static readonly string[] Causes =
        {
            "power_on", "lock_request", "unlock_request", "ramp_done", "limit_reached", "end_stop_current", "stall",
            "timeout", "open_circuit", "short", "brake_done", "backoff_done", "pause_done", "retries_exhausted",
            "manual_move", "stroke_finished", "key", "entry_timeout", "code_accepted", "code_rejected",
            "lockout_over", "sensor_contradiction", "insufficient_battery", "fault_raised", "fault_cleared", "strike_check",
            "seat_done",
        };

        /// <summary>Name of a machine.</summary>
        public static string Machine(TraceMachine machine) { return Pick(Machines, (int)machine); }

        /// <summary>Name of a cause.</summary>
        public static string Cause(TraceCause cause) { return Pick(Causes, (int)cause); }

        /// <summary>Name of state <paramref name="state"/> of <paramref name="machine"/> (the diagnosis machine's state is the active fault count).</summary>
        public static string State(TraceMachine machine, int state)
        {
            switch (machine)
            {
                case TraceMachine.Lock: return Pick(LockStates, state);
                case TraceMachine.BoltDrive: return Pick(DriveStates, state);
                case TraceMachine.CodeEntry: return Pick(EntryStates, state);
                case TraceMachine.Console: return Pick(ConsoleStates, state);
                default: return "faults_" + state.ToString();
            }
        }

        private static string Pick(string[] table, int i)
        {
            return i >= 0 && i < table.Length ? table[i] : "unknown_" + i.ToString();
        }
    }
}

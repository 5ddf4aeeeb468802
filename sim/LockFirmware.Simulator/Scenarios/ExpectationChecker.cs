namespace LockFirmware.Simulator.Scenarios;

/// <summary>Checks an <see cref="Expectation"/> against a <see cref="LockSnapshot"/>, one result per key.</summary>
public static class ExpectationChecker
{
    /// <summary>The feedback pattern name of a fault code being shown.</summary>
    public const string FaultPattern = "fault";

    private static bool IsFaultName(string name)
    {
        for (int i = 0; i < LockFirmware.Diagnosis.FaultCatalogue.Count; i++)
        {
            if (LockFirmware.Diagnosis.FaultCatalogue.Name((LockFirmware.Diagnosis.FaultCode)i) == name) return true;
        }
        return false;
    }

    /// <summary>Results for every key present in <paramref name="e"/>.</summary>
    public static IEnumerable<ExpectationResult> Check(Expectation e, LockSnapshot s)
    {
        string at = e.AtMs is long t ? Duration.Format(t) : "end";
        ExpectationResult R(string key, string expected, string actual, bool ok) => new(e.Line, s.TMs, at, key, expected, actual, ok);
        string Fw(string? v) => v ?? LockSnapshot.Unavailable;
        static string L(IEnumerable<string> xs) => "[" + string.Join(", ", xs) + "]";

        if (e.LockState != null) yield return R("lock_state", e.LockState, Fw(s.LockState), s.LockState == e.LockState);
        if (e.DoorState != null) yield return R("door_state", e.DoorState, Fw(s.DoorState), s.DoorState == e.DoorState);
        if (e.BatteryLevel != null) yield return R("battery_level", e.BatteryLevel, Fw(s.BatteryLevel), s.BatteryLevel == e.BatteryLevel);
        if (e.Indication != null)
        {
            // The pattern name `fault` (docs/fault-codes.md) matches whichever fault's code is showing (the snapshot names the fault).
            // An operation error's name (the contract's word for a refusal) matches while that refusal's feedback plays.
            bool ok = s.Indication == e.Indication || (e.Indication == FaultPattern && s.Indication != null && IsFaultName(s.Indication))
                || (s.RefusalShowing != null && s.RefusalShowing == e.Indication);
            string actual = s.RefusalShowing != null ? $"{s.Indication} (for {s.RefusalShowing})" : Fw(s.Indication);
            yield return R("indication", e.Indication, actual, ok);
        }
        if (e.FaultsActive != null)
        {
            bool ok = s.McuRunning && e.FaultsActive.OrderBy(x => x).SequenceEqual(s.FaultsActive.OrderBy(x => x));
            yield return R("faults_active", L(e.FaultsActive), s.McuRunning ? L(s.FaultsActive) : LockSnapshot.Unavailable, ok);
        }
        if (e.FaultsSeen != null)
        {
            var missing = e.FaultsSeen.Except(s.FaultsSeen).ToList();
            yield return R("faults_seen", L(e.FaultsSeen), missing.Count == 0 ? L(s.FaultsSeen) : $"{L(s.FaultsSeen)} (never raised: {string.Join(", ", missing)})", missing.Count == 0);
        }
        if (e.FaultsNotSeen != null)
        {
            var raised = e.FaultsNotSeen.Intersect(s.FaultsSeen).ToList();
            yield return R("faults_not_seen", L(e.FaultsNotSeen), raised.Count == 0 ? "none of them raised" : $"raised: {string.Join(", ", raised)}", raised.Count == 0);
        }
        if (e.Alarms != null)
        {
            var missing = e.Alarms.Except(s.Alarms).ToList();
            yield return R("alarms", L(e.Alarms), missing.Count == 0 ? L(s.Alarms) : $"{L(s.Alarms)} (never raised: {string.Join(", ", missing)})", missing.Count == 0);
        }
        if (e.AlarmsNotSeen != null)
        {
            var raised = e.AlarmsNotSeen.Intersect(s.Alarms).ToList();
            yield return R("alarms_not_seen", L(e.AlarmsNotSeen), raised.Count == 0 ? "none of them raised" : $"raised: {string.Join(", ", raised)}", raised.Count == 0);
        }
        if (e.ConsoleContains != null)
        {
            bool ok = s.ConsoleOutput.Contains(e.ConsoleContains, StringComparison.Ordinal);
            string tail = s.ConsoleOutput.Length == 0 ? "no console output" : "console output did not contain it (" + s.ConsoleOutput.Length + " chars so far)";
            yield return R("console_contains", "\"" + e.ConsoleContains + "\"", ok ? "found" : tail, ok);
        }
        if (e.MotorEnergised is bool me) yield return R("motor_energised", me ? "true" : "false", s.MotorEnergised ? "true" : "false", me == s.MotorEnergised);
        if (e.Unlocks is int u) yield return R("unlocks", u.ToString(), s.Unlocks.ToString(), u == s.Unlocks);
        if (e.Locks is int l) yield return R("locks", l.ToString(), s.Locks.ToString(), l == s.Locks);
    }
}

using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Indication;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// What the firmware reports (and the plant truth) at one moment, in contract names. Firmware-reported
/// values are null while the MCU is not running.
/// </summary>
public sealed class LockSnapshot
{
    /// <summary>Text used for firmware values while the MCU has no power.</summary>
    public const string Unavailable = "unavailable (MCU not running)";

    /// <summary>Takes a snapshot of <paramref name="sim"/> and the console output so far.</summary>
    public LockSnapshot(SimulatedLock sim, string consoleOutput)
    {
        TMs = sim.NowMs;
        // While the MCU deep-sleeps, what it last reported (restored unchanged at the next wake).
        var fw = sim.ReportedFirmware;
        McuRunning = fw != null;
        if (fw != null)
        {
            LockState = Names.LockState(fw.LockState);
            DoorState = Names.DoorState(fw.DoorState);
            BatteryLevel = Names.BatteryLevel(fw.Battery.Level);
            BatteryMillivolts = fw.Battery.RestMillivolts;
            FaultsActive = Enumerable.Range(0, FaultCatalogue.Count).Select(i => (FaultCode)i).Where(fw.Diagnosis.IsActive).Select(FaultCatalogue.Name).ToList();
            Indication = IndicationOf(fw);
            RefusalShowing = RefusalOf(fw, sim.Events);
        }
        FaultsSeen = sim.FaultsSeen.OrderBy(c => (int)c).Select(FaultCatalogue.Name).ToList();
        Alarms = sim.Alarms.OrderBy(c => (int)c).Select(a => Names.Alarm(a)).ToList();
        Locks = sim.Locks;
        Unlocks = sim.Unlocks;
        BoltMm = sim.Plant.ReportedBoltMm;
        MotorEnergised = sim.Plant.MotorEnergised;
        ConsoleOutput = consoleOutput;
    }

    /// <summary>
    /// The indication as the expectation key sees it: the fault's name while a fault pattern plays, the pattern
    /// name (e.g. <c>unlocked</c>, <c>wrong_code</c>) while feedback plays, else the top active fault
    /// (<see cref="DiagnosisEngine.TryGetTop"/>, which the lock shows again on the next key press), else <c>none</c>.
    /// </summary>
    public static string IndicationOf(LockController fw)
    {
        var p = fw.Indication.Playing;
        if (p == IndicationPattern.Fault) return FaultCatalogue.Name(fw.Indication.PlayingFault);
        if (p != IndicationPattern.None) return IndicationPlayer.Name(p);
        return fw.Diagnosis.TryGetTop(out var top) ? FaultCatalogue.Name(top) : "none";
    }

    /// <summary>
    /// The operation error whose feedback is playing: while a refusal pattern (<c>wrong_code</c>, <c>refused</c>,
    /// <c>lockout</c>) plays, the last operation error reported (the firmware reports the error and starts its feedback
    /// together); else null.
    /// </summary>
    public static string? RefusalOf(LockController fw, IReadOnlyList<SimEvent> events)
    {
        var p = fw.Indication.Playing;
        if (p != IndicationPattern.WrongCode && p != IndicationPattern.Refused && p != IndicationPattern.Lockout) return null;
        for (int i = events.Count - 1; i >= 0; i--)
        {
            if (events[i].Kind == LockEventKind.OperationError) return Names.OperationError((OperationError)events[i].Code);
        }
        return null;
    }

    /// <summary>The operation error whose feedback is showing, in contract names (see <see cref="RefusalOf"/>).</summary>
    public string? RefusalShowing { get; }

    /// <summary>Scenario time, ms.</summary>
    public long TMs { get; }
    /// <summary>MCU running (plant truth).</summary>
    public bool McuRunning { get; }
    /// <summary>Firmware lock state.</summary>
    public string? LockState { get; }
    /// <summary>Firmware door state.</summary>
    public string? DoorState { get; }
    /// <summary>Firmware battery level.</summary>
    public string? BatteryLevel { get; }
    /// <summary>Firmware battery reading at rest, mV.</summary>
    public int? BatteryMillivolts { get; }
    /// <summary>Active faults in catalogue order (empty while the MCU is off).</summary>
    public IReadOnlyList<string> FaultsActive { get; } = Array.Empty<string>();
    /// <summary>Indication (see <see cref="IndicationOf"/>).</summary>
    public string? Indication { get; }
    /// <summary>Faults seen since time 0, catalogue order.</summary>
    public IReadOnlyList<string> FaultsSeen { get; }
    /// <summary>Alarms raised since time 0, code order.</summary>
    public IReadOnlyList<string> Alarms { get; }
    /// <summary>Completed locks.</summary>
    public int Locks { get; }
    /// <summary>Completed unlocks.</summary>
    public int Unlocks { get; }
    /// <summary>Bolt extension (plant truth), mm.</summary>
    public double BoltMm { get; }
    /// <summary>Motor driven (plant truth).</summary>
    public bool MotorEnergised { get; }
    /// <summary>Console output collected since time 0.</summary>
    public string ConsoleOutput { get; }
}

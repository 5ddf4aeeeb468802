namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// One entry of <c>expect:</c>. Each key is optional; null means "not checked". Name lists use the
/// contract's snake_case names.
/// </summary>
public sealed class Expectation
{
    /// <summary>Scenario time, ms; null means <c>end</c> (after the run).</summary>
    public long? AtMs { get; set; }
    /// <summary>Line in the file.</summary>
    public int Line { get; set; }
    /// <summary>Expected firmware lock state.</summary>
    public string? LockState { get; set; }
    /// <summary>Expected firmware door state.</summary>
    public string? DoorState { get; set; }
    /// <summary>Exact set of active faults.</summary>
    public IReadOnlyList<string>? FaultsActive { get; set; }
    /// <summary>Faults raised at some point.</summary>
    public IReadOnlyList<string>? FaultsSeen { get; set; }
    /// <summary>Faults never raised.</summary>
    public IReadOnlyList<string>? FaultsNotSeen { get; set; }
    /// <summary>Alarms raised.</summary>
    public IReadOnlyList<string>? Alarms { get; set; }
    /// <summary>Alarms never raised.</summary>
    public IReadOnlyList<string>? AlarmsNotSeen { get; set; }
    /// <summary>Expected battery level.</summary>
    public string? BatteryLevel { get; set; }
    /// <summary>Expected indication (pattern name, fault name, or <c>none</c>).</summary>
    public string? Indication { get; set; }
    /// <summary>Text the console output so far must contain.</summary>
    public string? ConsoleContains { get; set; }
    /// <summary>Plant truth: motor driven.</summary>
    public bool? MotorEnergised { get; set; }
    /// <summary>Completed unlocks since time 0.</summary>
    public int? Unlocks { get; set; }
    /// <summary>Completed locks since time 0.</summary>
    public int? Locks { get; set; }
}

using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>One entry of <c>steps:</c>: a time and one action. Only the fields of its <see cref="Kind"/> are meaningful.</summary>
public sealed class ScenarioStep
{
    /// <summary>Scenario time, ms.</summary>
    public long AtMs { get; set; }
    /// <summary>Line of the step in the file (for messages).</summary>
    public int Line { get; set; }
    /// <summary>The action.</summary>
    public StepKind Kind { get; set; }
    /// <summary>Keys to type (<see cref="StepKind.Keys"/>, or a repeated keys action).</summary>
    public string Text { get; set; } = "";
    /// <summary>Door open / key towards locked / forced open, as applicable.</summary>
    public bool Flag { get; set; }
    /// <summary>Injected fault (<see cref="StepKind.Inject"/>).</summary>
    public PlantFault? Fault { get; set; }
    /// <summary>Fault kind to clear (<see cref="StepKind.Clear"/>).</summary>
    public PlantFaultKind ClearKind { get; set; }
    /// <summary>Power cut length, ms; repeat period, ms.</summary>
    public long DurationMs { get; set; }
    /// <summary>Repeat count.</summary>
    public int Times { get; set; }
    /// <summary>For <see cref="StepKind.Repeat"/>: what is repeated (<see cref="StepKind.Keys"/> or <see cref="StepKind.Console"/>).</summary>
    public StepKind RepeatedKind { get; set; }
    /// <summary>Battery chemistry for a swap; null: the same chemistry as the pack taken out (like for like).</summary>
    public Chemistry? Chemistry { get; set; }
    /// <summary>State of charge for a swap, or the temperature for <see cref="StepKind.Temperature"/>.</summary>
    public double Value { get; set; }
}

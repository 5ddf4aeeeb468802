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

    private ScenarioStep? _simAction;
    private bool _simParsed;

    /// <summary>
    /// The plant action a <c>console: sim ...</c> line (or a repeated one) stands for, at this step's time; null for any
    /// other step (and for <c>sim status</c>/<c>sim help</c>). The loader has refused a <c>sim</c> line that does not parse.
    /// </summary>
    public ScenarioStep? SimAction()
    {
        if (_simParsed) return _simAction;
        _simParsed = true;
        bool console = Kind == StepKind.Console || (Kind == StepKind.Repeat && RepeatedKind == StepKind.Console);
        if (!console || !SimCommand.IsSimCommand(Text)) return null;
        try { _simAction = SimCommand.Parse(Text, AtMs, out _); }
        catch (ScenarioException) { _simAction = null; }
        return _simAction;
    }

    /// <summary>
    /// The keys this step has a person type: a <c>keys</c> step, a repeated one, or a <c>console: sim keys ...</c> line
    /// (the same person at the same keypad: its timing is checked as a <c>keys</c> step's, hunt7); else null.
    /// </summary>
    public string? TypedKeys()
    {
        if (Kind == StepKind.Keys || (Kind == StepKind.Repeat && RepeatedKind == StepKind.Keys)) return Text;
        var sim = SimAction();
        return sim != null && sim.Kind == StepKind.Keys ? sim.Text : null;
    }

    /// <summary>How long this step cuts the power, ms: a <c>power_cut</c> or a <c>console: sim power_cut ...</c> line; else 0.</summary>
    public long PowerCutMs()
    {
        if (Kind == StepKind.PowerCut) return DurationMs;
        var sim = SimAction();
        return sim != null && sim.Kind == StepKind.PowerCut ? sim.DurationMs : 0;
    }
}

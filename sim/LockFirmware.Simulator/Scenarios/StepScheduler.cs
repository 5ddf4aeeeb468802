using System.Globalization;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// Turns a <see cref="ScenarioStep"/> into actions on a <see cref="SimulatedLock"/> (plant changes, key presses,
/// console lines). Shared by the scenario runner and the <c>sim</c> commands of <c>locksim console</c>.
/// </summary>
public static class StepScheduler
{
    /// <summary>
    /// Schedules <paramref name="step"/> on <paramref name="sim"/> at the step's time.
    /// <paramref name="note"/> receives (time, description) when each action fires; <paramref name="consoleIn"/>
    /// receives (time, line) when a console line is sent; <paramref name="consoleOut"/> receives (time, text) for the
    /// reply of a <c>sim</c> line (handled by the simulator as <c>locksim console</c> does; other lines go to the
    /// firmware, whose replies come out of <see cref="SimulatedLock.Serial"/>).
    /// </summary>
    public static void Schedule(SimulatedLock sim, ScenarioStep step, Action<long, string>? note = null, Action<long, string>? consoleIn = null,
        Action<long, string>? consoleOut = null)
    {
        long t = step.AtMs;
        void Do(long at, string what, Action act) => sim.At(at, () => { note?.Invoke(sim.NowMs, what); act(); });
        // The timeline shows the keys with their digits masked (ConsoleEcho.Keys); the person types them all.
        void TypeKeys(long at)
        {
            sim.At(at, () => note?.Invoke(sim.NowMs, ConsoleEcho.Keys(step.Text)));
            sim.TypeKeys(at, step.Text);
        }
        switch (step.Kind)
        {
            case StepKind.Keys: TypeKeys(t); break;
            case StepKind.Door: sim.At(t, () => note?.Invoke(sim.NowMs, DoorNote(step.Flag, sim.Plant.SetDoor(step.Flag)))); break;
            case StepKind.DoorForcedOpen: Do(t, "door forced open", () => sim.Plant.ForceDoorOpen()); break;
            case StepKind.ManualKey: Do(t, $"key turned towards {(step.Flag ? "locked" : "unlocked")}", () => sim.Plant.ManualTurn(step.Flag)); break;
            case StepKind.Inject: Do(t, "inject " + Describe(step.Fault!), () => sim.Plant.Inject(step.Fault!)); break;
            case StepKind.Clear:
                // The timeline says when a clear step finds nothing to clear (a scenario clearing the wrong fault).
                sim.At(t, () =>
                {
                    bool injected = sim.Plant.HasFault(step.ClearKind);
                    note?.Invoke(sim.NowMs, "clear " + PlantFaultNames.Name(step.ClearKind) + (injected ? "" : " (none injected)"));
                    sim.Plant.Clear(step.ClearKind);
                });
                break;
            case StepKind.PowerCut:
                sim.At(t, () => note?.Invoke(sim.NowMs, $"power cut for {Duration.Format(step.DurationMs)}"));
                sim.PowerCutAt(t, step.DurationMs);
                sim.At(t + step.DurationMs, () =>
                {
                    // A cut inside a longer one ends with it.
                    if (sim.NowMs >= sim.PowerBackMs) note?.Invoke(sim.NowMs, "power restored");
                });
                break;
            case StepKind.BatterySwap:
                sim.At(t, () =>
                {
                    var chemistry = step.Chemistry ?? sim.Plant.Pack.Chemistry.Kind;
                    note?.Invoke(sim.NowMs, $"battery swap: {chemistry.ToString().ToLowerInvariant()} at {step.Value.ToString("0.###", CultureInfo.InvariantCulture)}");
                    sim.Plant.SwapBattery(chemistry, step.Value);
                });
                break;
            case StepKind.Temperature: Do(t, $"temperature {step.Value.ToString("0.#", CultureInfo.InvariantCulture)} C", () => sim.Plant.SetTemperature(step.Value)); break;
            case StepKind.Console: SendConsole(sim, t, step.Text, note, consoleIn, consoleOut); break;
            case StepKind.Repeat:
                for (int i = 0; i < step.Times; i++)
                {
                    long at = t + step.DurationMs * i;
                    if (step.RepeatedKind == StepKind.Keys) TypeKeys(at);
                    else SendConsole(sim, at, step.Text, note, consoleIn, consoleOut);
                }
                break;
        }
    }

    private static void SendConsole(SimulatedLock sim, long at, string line, Action<long, string>? note, Action<long, string>? consoleIn, Action<long, string>? consoleOut)
    {
        sim.At(at, () => consoleIn?.Invoke(sim.NowMs, line));
        if (SimCommand.IsSimCommand(line)) sim.At(at, () => consoleOut?.Invoke(sim.NowMs, SimCommand.Execute(sim, line, note) + "\n"));
        else sim.ConsoleAt(at, line);
    }

    /// <summary>
    /// What a door step did, not what it asked for: a thrown bolt keeps a shut door shut (the strike holds it) and stops a
    /// door being shut (it hits the frame, the door stays ajar with the reed open).
    /// </summary>
    public static string DoorNote(bool open, DoorPosition result)
    {
        if (open) return result == DoorPosition.Closed ? "door pulled: held shut by the thrown bolt" : "door opened";
        return result == DoorPosition.Closed ? "door closed" : "door pushed to: the thrown bolt hits the frame, door stays ajar";
    }

    /// <summary>Human text for an injected fault with its parameters, as `sim inject` takes them (also the DiagnosisBench CSV fault column).</summary>
    public static string Describe(PlantFault f)
    {
        string P(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
        string name = PlantFaultNames.Name(f.Kind);
        return f.Kind switch
        {
            PlantFaultKind.Jam => $"{name} position_mm={P(f.PositionMm)} stiffness_n_per_mm={P(f.StiffnessNPerMm)}",
            PlantFaultKind.StrikeOffset => $"{name} mm={P(f.OffsetMm)}",
            PlantFaultKind.StiffActuator => $"{name} friction_factor={P(f.Factor)}",
            PlantFaultKind.WeakActuator => $"{name} torque_factor={P(f.Factor)}",
            PlantFaultKind.MotorShort => $"{name} ohms={P(f.ShortOhms)}",
            PlantFaultKind.LimitSwitchStuck => $"{name} switch={(f.ExtendedSwitch ? "extended" : "retracted")} level={(f.StuckClosed ? "closed" : "open")}",
            PlantFaultKind.AdcStuck => $"{name} channel={(f.BatteryChannel ? "battery" : "motor_current")} counts={f.Counts}",
            PlantFaultKind.DoorSensorStuck => $"{name} level={(f.StuckClosed ? "closed" : "open")}",
            _ => name,
        };
    }
}

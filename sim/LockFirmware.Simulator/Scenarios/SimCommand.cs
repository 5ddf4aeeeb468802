using System.Globalization;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// The simulator-only <c>sim ...</c> console commands of <c>locksim console</c> and of a scenario's <c>console:</c>
/// steps, using the scenario file's
/// names: <c>sim inject jam position_mm=8</c>, <c>sim clear jam</c>, <c>sim door open</c>,
/// <c>sim door_forced_open</c>, <c>sim manual_key locked</c>, <c>sim keys 123456#</c>, <c>sim power_cut 2s</c>,
/// <c>sim battery_swap alkaline 0.5</c>, <c>sim temperature_c -10</c>, <c>sim status</c>, <c>sim help</c>.
/// </summary>
public static class SimCommand
{
    /// <summary>Help text (one command per line).</summary>
    public const string Help =
        "sim inject <fault> [param=value ...]   faults: jam (position_mm, stiffness_n_per_mm), strike_offset (mm),\n" +
        "                                       stiff_actuator (friction_factor), weak_actuator (torque_factor),\n" +
        "                                       motor_open_circuit, motor_short, limit_switch_stuck (switch, level),\n" +
        "                                       adc_stuck (channel, counts), door_sensor_stuck (level)\n" +
        "sim clear <fault>\n" +
        "sim door open|closed\n" +
        "sim door_forced_open\n" +
        "sim manual_key locked|unlocked\n" +
        "sim keys <keys>                        e.g. sim keys 123456#\n" +
        "sim power_cut <time>                   e.g. sim power_cut 2s\n" +
        "sim battery_swap <chemistry> [<soc>]   e.g. sim battery_swap lithium 0.5 (soc 1: new cells)\n" +
        "sim temperature_c <value>\n" +
        "sim status                             plant truth (bolt, motor, battery)\n" +
        "sim help";

    /// <summary>True when <paramref name="line"/> is a <c>sim</c> command (handled by the simulator, not the firmware).</summary>
    public static bool IsSimCommand(string line)
    {
        string t = line.Trim();
        return t == "sim" || t.StartsWith("sim ", StringComparison.Ordinal);
    }

    /// <summary>
    /// Handles the <c>sim</c> command <paramref name="line"/> on <paramref name="sim"/> now: a plant action is scheduled
    /// for the current time (<paramref name="note"/> receives its description when it fires). Returns the reply lines
    /// (LF-separated), ending in <c>OK</c> or <c>ERR sim &lt;reason&gt;</c>, as the console shows them.
    /// </summary>
    public static string Execute(SimulatedLock sim, string line, Action<long, string>? note = null)
    {
        try
        {
            var step = Parse(line, sim.NowMs, out string word);
            if (step == null) return (word == "status" ? Status(sim) : Help) + "\nOK";
            // One person types one entry at a time: a second entry used to be typed into the first one (a wrong code).
            if (step.Kind == StepKind.Keys && sim.TypingUntilMs > sim.NowMs)
            {
                return $"ERR sim keys are still being typed until {Duration.Format(sim.TypingUntilMs)}; one person types one entry at a time";
            }
            // Clearing what was never injected is most likely a typo for another fault: say so instead of a silent OK.
            if (step.Kind == StepKind.Clear && !sim.Plant.HasFault(step.ClearKind))
            {
                return $"ERR sim {PlantFaultNames.Name(step.ClearKind)} is not injected; nothing to clear";
            }
            StepScheduler.Schedule(sim, step, note);
            return "OK";
        }
        catch (ScenarioException e)
        {
            return $"ERR sim {e.Reason}";
        }
    }

    /// <summary>Plant truth for <c>sim status</c> (key=value lines).</summary>
    public static string Status(SimulatedLock sim)
    {
        var p = sim.Plant;
        var fw = sim.Firmware;
        return $"t_ms={sim.NowMs}\nbolt_mm={p.ReportedBoltMm.ToString("F2", CultureInfo.InvariantCulture)}\nmotor_energised={(p.MotorEnergised ? "true" : "false")}\n" +
               $"motor_ma={p.MotorCurrentMilliamps.ToString("F0", CultureInfo.InvariantCulture)}\nbattery_mv={p.BatteryTerminalMillivolts.ToString("F0", CultureInfo.InvariantCulture)}\n" +
               $"door_open={(p.DoorOpen ? "true" : "false")}\nmcu_running={(fw != null ? "true" : "false")}\n" +
               $"lock_state={(fw != null ? Names.LockState(fw.LockState) : "-")}";
    }

    /// <summary>
    /// Parses a <c>sim</c> command into a step at <paramref name="atMs"/>; returns null for <c>status</c>/<c>help</c>
    /// (with <paramref name="word"/> set). Errors are <see cref="ScenarioException"/> with file <c>console</c>.
    /// </summary>
    public static ScenarioStep? Parse(string line, long atMs, out string word)
    {
        var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string w = parts.Length > 1 ? parts[1] : "help";
        word = w;
        // A word quoted in a reason may be a code typed on the wrong line: runs of code length that the line holds are
        // masked. Only those: masking every run also hid the reason's own text ("counts 4096 is out of range
        // (0..********)", "not a key of the 3x4 keypad (*********0#)"; hunt7).
        string typed = line;
        ScenarioException Err(string r) => new("console", 0, ConsoleEcho.MaskCodesTyped(r, typed, LockFirmware.Access.Credentials.MinUserDigits));
        string Arg(int i, string what) => parts.Length > i ? parts[i] : throw Err($"sim {w} needs {what}");
        void NoMore(int n) { if (parts.Length > n) throw Err($"unexpected '{parts[n]}' after sim {w}"); }
        var step = new ScenarioStep { AtMs = atMs };
        switch (w)
        {
            case "help":
            case "status":
                NoMore(2);
                return null;
            case "inject":
            {
                string name = Arg(2, "a fault name");
                if (!PlantFaultNames.TryParse(name, out var kind)) throw Err(PlantFaultNames.Unknown(name));
                var ps = new Dictionary<string, (string, int)>();
                foreach (string p in parts.Skip(3))
                {
                    int eq = p.IndexOf('=');
                    if (eq <= 0 || eq == p.Length - 1) throw Err($"'{p}' is not param=value");
                    if (!ps.TryAdd(p[..eq], (p[(eq + 1)..], 0))) throw Err($"parameter '{p[..eq]}' given twice");
                }
                step.Kind = StepKind.Inject;
                step.Fault = PlantFaultNames.Build(kind, ps, (_, r) => Err(r));
                return step;
            }
            case "clear":
            {
                string name = Arg(2, "a fault name");
                NoMore(3);
                if (!PlantFaultNames.TryParse(name, out var kind)) throw Err(PlantFaultNames.Unknown(name));
                step.Kind = StepKind.Clear;
                step.ClearKind = kind;
                return step;
            }
            case "door":
            {
                string v = Arg(2, "open or closed");
                NoMore(3);
                if (v is not ("open" or "closed")) throw Err($"door must be open or closed, not '{v}'");
                step.Kind = StepKind.Door;
                step.Flag = v == "open";
                return step;
            }
            case "door_forced_open":
                NoMore(2);
                step.Kind = StepKind.DoorForcedOpen;
                return step;
            case "manual_key":
            {
                string v = Arg(2, "locked or unlocked");
                NoMore(3);
                if (v is not ("locked" or "unlocked")) throw Err($"manual_key must be locked or unlocked, not '{v}'");
                step.Kind = StepKind.ManualKey;
                step.Flag = v == "locked";
                return step;
            }
            case "keys":
            {
                string v = Arg(2, "keys such as 123456#");
                NoMore(3);
                foreach (char c in v)
                {
                    if ("123456789*0#".IndexOf(c) < 0) throw Err($"'{c}' is not a key of the 3x4 keypad (123456789*0#)");
                }
                step.Kind = StepKind.Keys;
                step.Text = v;
                return step;
            }
            case "power_cut":
            {
                string v = Arg(2, "a duration such as 2s");
                NoMore(3);
                if (!Duration.TryParse(v, out long ms, out string reason)) throw Err(reason);
                if (ms == 0) throw Err("power_cut needs a duration above 0");
                step.Kind = StepKind.PowerCut;
                step.DurationMs = ms;
                return step;
            }
            case "battery_swap":
            {
                string c = Arg(2, "a chemistry (alkaline, lithium, nimh)");
                string s = parts.Length > 3 ? parts[3] : "1";
                NoMore(4);
                step.Kind = StepKind.BatterySwap;
                step.Chemistry = c switch
                {
                    "alkaline" => Chemistry.Alkaline,
                    "lithium" => Chemistry.Lithium,
                    "nimh" => Chemistry.Nimh,
                    _ => throw Err($"chemistry must be alkaline, lithium or nimh, not '{c}'"),
                };
                // Written so that NaN fails too: "nan" parses, and NaN < 0 and NaN > 1 are both false, so it passed the loader and
                // stopped the run on the plant's own check (exit 1, "internal error"; yfuzz12, HostileInputTests).
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double soc) || !(soc >= 0 && soc <= 1)) throw Err($"state_of_charge must be a number 0..1, not '{s}'");
                step.Value = soc;
                return step;
            }
            case "temperature_c":
            {
                string s = Arg(2, "a temperature -40..85");
                NoMore(3);
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double c) || !(c >= -40 && c <= 85)) throw Err($"temperature_c must be a number -40..85, not '{s}'");
                step.Kind = StepKind.Temperature;
                step.Value = c;
                return step;
            }
            default:
                throw Err($"unknown sim command '{w}'; try sim help");
        }
    }
}

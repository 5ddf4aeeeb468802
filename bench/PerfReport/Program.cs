using System.Globalization;
using System.Text;
using LockFirmware.Bench.PerfReport;
using LockFirmware.Diagnosis;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using LockFirmware.Simulator.Scenarios;
using ScottPlot;

// bench/PerfReport: renders the performance figures and assembles docs/performance.md from the benchmarks' captured
// stdout. Called by bench/run-all.sh; on its own:
//   dotnet run -c Release --project bench/PerfReport -- --logs docs/performance/logs --out docs/performance.md --plots docs/performance
// Figures: one current/bolt trace per injected fault class (a short fixed scenario, rendered by the simulator's
// PlotRenderer), the DiagnosisBench confusion matrix as a heatmap, and a detection-latency histogram (both from the
// per-run CSV DiagnosisBench writes with --csv).
var ci = CultureInfo.InvariantCulture;
var spec = CommandLine.Spec();
var cli = spec.ParseOrExit(args);
string logs = cli.Text("--logs")!;
string outMd = cli.Text("--out")!;
string plots = cli.Text("--plots")!;
string csv = cli.Text("--diag-csv") ?? Path.Combine(logs, "diagnosis-runs.csv");
// A mistyped log folder would otherwise give a report of "(not run)" sections over the real one.
if (!Directory.Exists(logs)) spec.FailAndExit($"--logs {logs}: no such directory");
Directory.CreateDirectory(plots);
string traceCommand = $"dotnet run -c Release --project bench/PerfReport -- --logs {logs} --out {outMd} --plots {plots}";

// 1. Fault traces.
var traceCases = new (string Name, string Expect, PlantFault? Fault)[]
{
    ("healthy", "-", null),
    ("jam", "jam", PlantFault.Jam(8)),
    ("strike_offset", "misalignment", PlantFault.StrikeOffset(4)),
    ("stiff_actuator", "stiff_actuator", PlantFault.StiffActuator(3)),
    ("weak_actuator", "weak_actuator", PlantFault.WeakActuator(0.4)),
    ("motor_open_circuit", "motor_open_circuit", PlantFault.MotorOpenCircuit()),
    ("motor_short", "motor_short", PlantFault.MotorShort(0.1)),
    ("limit_switch_stuck", "bolt_sensor_fault", PlantFault.LimitSwitchStuck(LimitSwitchId.Retracted, ContactLevel.Open)),
    ("adc_stuck-battery", "battery_sensor_fault", PlantFault.AdcStuck(AdcChannelId.Battery, 0)),
    ("adc_stuck-motor_current", "current_sensor_fault", PlantFault.AdcStuck(AdcChannelId.MotorCurrent, 4095)),
    ("door_sensor_stuck", "door_sensor_fault", PlantFault.DoorSensorStuck(ContactLevel.Closed)),
};
var traceRows = new List<string>();
foreach (var (name, expect, fault) in traceCases)
{
    var sim = new SimulatedLock(new SimOptions { Seed = 1 });
    var rec = new TraceRecorder(null, keep: true);
    rec.Attach(sim);
    if (fault != null) sim.At(1000, () => sim.Plant.Inject(fault));
    sim.TypeKeys(2000, "123456#");
    sim.At(6500, () => sim.Plant.SetDoor(true));
    sim.At(9500, () => sim.Plant.SetDoor(false));
    sim.TypeKeys(11500, "#");
    sim.RunUntil(20000);
    string file = $"trace-{name}.png";
    PlotRenderer.Render(Path.Combine(plots, file), $"{name} injected at 1 s", rec.Samples, sim.Events, 1000, 720);
    string namedFaults = string.Join(", ", sim.FaultsSeen.Where(f => f is not (FaultCode.ClockLost or FaultCode.Uncalibrated)).OrderBy(f => (int)f).Select(FaultCatalogue.Name));
    traceRows.Add($"| {name} | {expect} | {(namedFaults.Length == 0 ? "(none)" : namedFaults)} | ![{name}](performance/{file}) |");
}

// 2. Confusion matrix heatmap and latency histogram from DiagnosisBench's per-run CSV.
var runs = File.Exists(csv) ? File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToList() : new List<string[]>();
string? heatFile = null, histFile = null;
if (runs.Count > 0)
{
    var classes = runs.Select(r => r[0]).Distinct().ToList();
    var ignored = new HashSet<string> { "clock_lost", "uncalibrated" };
    var cols = runs.SelectMany(r => r[2].Split(';', StringSplitOptions.RemoveEmptyEntries)).Where(f => !ignored.Contains(f)).Distinct()
        .OrderBy(f => FaultCatalogue.TryParse(f, out var c) ? (int)c : 99).ToList();
    cols.Add("(none)");
    var plt = new Plot();
    var cmap = new ScottPlot.Colormaps.Viridis();
    for (int r = 0; r < classes.Count; r++)
    {
        var rs = runs.Where(x => x[0] == classes[r] && x[10].Length == 0).ToList();
        for (int c = 0; c < cols.Count; c++)
        {
            int n = cols[c] == "(none)" ? rs.Count(x => !x[2].Split(';', StringSplitOptions.RemoveEmptyEntries).Any(f => !ignored.Contains(f)))
                                        : rs.Count(x => x[2].Split(';').Contains(cols[c]));
            double frac = rs.Count == 0 ? 0 : (double)n / rs.Count;
            double y = classes.Count - 1 - r;
            var rect = plt.Add.Rectangle(c - 0.5, c + 0.5, y - 0.5, y + 0.5);
            rect.FillColor = cmap.GetColor(frac);
            rect.LineColor = Colors.White;
            var txt = plt.Add.Text(n.ToString(ci), c, y);
            txt.LabelFontColor = frac > 0.6 ? Colors.Black : Colors.White;
            txt.LabelFontSize = 13;
            txt.LabelAlignment = Alignment.MiddleCenter;
            // The expected cell gets a red frame.
            string expected = runs.First(x => x[0] == classes[r])[1];
            if (cols[c] == expected || (expected.Length == 0 && cols[c] == "(none)"))
            {
                var frame = plt.Add.Rectangle(c - 0.5, c + 0.5, y - 0.5, y + 0.5);
                frame.FillColor = Colors.Transparent;
                frame.LineColor = Colors.Red;
                frame.LineWidth = 3;
            }
        }
    }
    plt.Axes.Bottom.SetTicks(Enumerable.Range(0, cols.Count).Select(i => (double)i).ToArray(), cols.ToArray());
    plt.Axes.Bottom.TickLabelStyle.Rotation = 40;
    plt.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
    plt.Axes.Left.SetTicks(Enumerable.Range(0, classes.Count).Select(i => (double)(classes.Count - 1 - i)).ToArray(), classes.ToArray());
    plt.Axes.SetLimits(-0.5, cols.Count - 0.5, -0.5, classes.Count - 0.5);
    plt.Title($"DiagnosisBench: rows = injected class ({runs.Count / classes.Count} runs each), columns = fault named; red frame = expected");
    heatFile = "diagnosis-confusion.png";
    plt.Layout.Fixed(new PixelPadding(190, 20, 170, 50));
    plt.SavePng(Path.Combine(plots, heatFile), 1200, 760);

    // Histogram of detection latency (log-spaced bins, seconds), stacked per class is too busy: one bar series per class group.
    var lat = runs.Where(r => long.Parse(r[3], ci) >= 0).Select(r => (Class: r[0], S: long.Parse(r[3], ci) / 1000.0)).ToList();
    var hp = new Plot();
    double[] edges = { 0, 0.5, 1, 2, 4, 8, 16, 32, 64, 128 };
    var groups = lat.GroupBy(l => l.Class).ToList();
    var palette = new ScottPlot.Palettes.Category10();
    double width = 0.8 / Math.Max(1, groups.Count);
    int gi = 0;
    foreach (var g in groups)
    {
        var bars = new List<Bar>();
        for (int b = 0; b < edges.Length - 1; b++)
        {
            int n = g.Count(l => l.S >= edges[b] && l.S < edges[b + 1]);
            bars.Add(new Bar { Position = b - 0.4 + width * (gi + 0.5), Value = n, Size = width, FillColor = palette.GetColor(gi), LineWidth = 0 });
        }
        hp.Add.Bars(bars);
        var leg = new LegendItem { LabelText = g.Key, FillColor = palette.GetColor(gi) };
        hp.Legend.ManualItems.Add(leg);
        gi++;
    }
    hp.Axes.Bottom.SetTicks(Enumerable.Range(0, edges.Length - 1).Select(i => (double)i).ToArray(),
        Enumerable.Range(0, edges.Length - 1).Select(i => $"{edges[i].ToString(ci)}-{edges[i + 1].ToString(ci)}").ToArray());
    hp.XLabel("time from fault injection to the first fault event/indication naming the expected fault (s)");
    hp.YLabel("runs");
    hp.Title($"DiagnosisBench detection latency ({lat.Count} detected runs)");
    hp.ShowLegend(Alignment.UpperLeft);
    hp.Axes.Margins(bottom: 0);
    histFile = "diagnosis-latency.png";
    hp.SavePng(Path.Combine(plots, histFile), 1200, 600);
}

// 3. The markdown.
var order = new[] { "DiagnosisBench", "LoopSpeed", "PlantSpeed", "ActuationBench", "PowerBench", "PowerCutBench", "ChemistryBench", "StrandBench", "StrandBenchNight" };
var times = File.Exists(Path.Combine(logs, "times.txt"))
    ? File.ReadAllLines(Path.Combine(logs, "times.txt")).Select(l => l.Split(' ')).Where(p => p.Length >= 2).ToDictionary(p => p[0], p => p[1])
    : new Dictionary<string, string>();
var md = new StringBuilder();
md.AppendLine("# Performance");
md.AppendLine();
md.AppendLine("Generated by `bench/run-all.sh` (it runs every benchmark in `bench/`, captures its stdout in `docs/performance/logs/`, then");
md.AppendLine($"`{traceCommand}` renders the figures and writes this page). Measured on {Environment.ProcessorCount} logical cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
md.AppendLine("Everything below is captured output; nothing is edited by hand. Each section starts with the exact command that produced it.");
md.AppendLine();
foreach (var name in order)
{
    string path = Path.Combine(logs, name + ".txt");
    md.AppendLine($"## {name}");
    md.AppendLine();
    if (!File.Exists(path)) { md.AppendLine("(not run)"); md.AppendLine(); continue; }
    if (times.TryGetValue(name, out var t)) md.AppendLine($"Wall time of this run (including start-up): {t}.  ");
    bool inTable = false;
    foreach (var raw in File.ReadAllLines(path))
    {
        string line = raw.TrimEnd();
        bool table = line.StartsWith('|');
        if (table && !inTable) md.AppendLine();
        if (!table && inTable) md.AppendLine();
        inTable = table;
        if (line.Length == 0) { md.AppendLine(); continue; }
        if (line.StartsWith("run-all:", StringComparison.Ordinal)) { md.AppendLine($"**Command:** `{line[8..].Trim()}`  "); md.AppendLine(); md.AppendLine("Output:  "); continue; }
        if (line.StartsWith("command:", StringComparison.Ordinal)) { md.AppendLine($"command: `{line[8..].Trim()}`  "); continue; }
        md.AppendLine(table ? line : line.Replace("<", "&lt;").Replace("*", "\\*") + "  ");
    }
    md.AppendLine();
    if (name == "DiagnosisBench" && heatFile != null)
    {
        md.AppendLine("### Confusion matrix (heatmap)");
        md.AppendLine();
        md.AppendLine($"From the per-run CSV written by the DiagnosisBench run above (`--csv {csv}`); rendered by `{traceCommand}`. Cell = runs of the row's class in which the firmware named the column's fault; colour = fraction of the row.");
        md.AppendLine();
        md.AppendLine($"![confusion matrix](performance/{heatFile})");
        md.AppendLine();
        md.AppendLine("### Detection latency");
        md.AppendLine();
        md.AppendLine($"Same CSV, same command. Bins are doubling intervals in seconds.");
        md.AppendLine();
        md.AppendLine($"![detection latency](performance/{histFile})");
        md.AppendLine();
    }
}
md.AppendLine("## Current traces per fault class");
md.AppendLine();
md.AppendLine($"Command: `{traceCommand}` (the trace part). One fixed scenario per class on the reference unit (20 C, fresh alkaline pack, friction 1, seed 1), default fault parameters of `sim/scenarios/`: the fault is injected at 1 s, the user keys `123456#` at 2 s, opens the door at 6.5 s, closes it at 9.5 s and keys `#` at 11.5 s; run to 20 s. Panels: motor current (plant truth and firmware samples), bolt position, battery. Red markers: faults the firmware raised.");
md.AppendLine();
md.AppendLine("| injected | expected | named by the firmware in this run | trace |");
md.AppendLine("|---|---|---|---|");
foreach (var r in traceRows) md.AppendLine(r);
File.WriteAllText(outMd, md.ToString());
Console.WriteLine($"wrote {outMd} and {traceRows.Count + (heatFile != null ? 2 : 0)} figures in {plots}");
return 0;


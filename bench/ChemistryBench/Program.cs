// ChemistryBench: which chemistry the firmware reads a pack as, and with which battery level, after a battery swap
// (issue 5: "battery swap detected (voltage jump, chemistry), estimate reset") and after a power cut with the same pack.
// Each run: a lock provisioned (battery_chemistry set) with pack X at 80 %, soaked at T; at 2 s the pack is swapped for
// Y at s (the supply is removed and restored); an unlock at 4 s and a lock at 10 s (the first strokes measure the pack);
// at 20 s the gauge's chemistry and level are read. The level is compared with a lock provisioned on Y at s (same T,
// same unit): what the owner would have seen had the installer set the right chemistry.
// Power-cut runs: provisioned X at s, a 1 s power cut at 2 s, the same strokes: the chemistry must stay X.
// Usage: dotnet run -c Release --project bench/ChemistryBench -- [--seeds N]   (units 1..N, default 1)
using LockFirmware.Access;
using LockFirmware.Bench.ChemistryBench;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using FwChem = LockFirmware.Power.CellChemistry;

var cli = CommandLine.Spec().ParseOrExit(args);
int seeds = cli.Int("--seeds");
Console.WriteLine("command: dotnet run -c Release --project bench/ChemistryBench" + (cli.Given("--seeds") ? $" -- --seeds {seeds}" : ""));
Console.WriteLine();

var chems = new[] { Chemistry.Alkaline, Chemistry.Lithium, Chemistry.Nimh };
var socs = new[] { 0.1, 0.3, 0.6, 0.9, 1.0 };
var temps = new[] { -20.0, 20.0, 50.0 };
var sw = System.Diagnostics.Stopwatch.StartNew();

(FwChem chem, LockFirmware.Power.BatteryLevel level) Run(Chemistry provisioned, double provisionedSoc, double t, int seed, Action<SimulatedLock>? at2s)
{
    var sim = new SimulatedLock(new SimOptions
    {
        Hardware = new PlantParameters { Chemistry = provisioned, StateOfCharge = provisionedSoc, TemperatureC = t },
        Seed = seed,
    });
    if (at2s != null) sim.At(2000, () => at2s(sim));
    sim.RunUntil(4000);
    sim.Firmware?.RequestUnlock(OperationSource.Console);
    sim.RunUntil(10000);
    sim.Firmware?.RequestLock(OperationSource.Console);
    sim.RunUntil(20000);
    var fw = sim.ReportedFirmware!;
    return (fw.Battery.Estimator.Chemistry, fw.Battery.Level);
}

static FwChem Fw(Chemistry c) => c switch { Chemistry.Lithium => FwChem.Lithium, Chemistry.Nimh => FwChem.Nimh, _ => FwChem.Alkaline };
static string Name(Chemistry c) => c.ToString().ToLowerInvariant();

// Reference levels: each pack provisioned with its own chemistry.
var reference = new Dictionary<(Chemistry, double, double, int), LockFirmware.Power.BatteryLevel>();
foreach (var y in chems) foreach (var s in socs) foreach (var t in temps) for (int seed = 1; seed <= seeds; seed++)
    reference[(y, s, t, seed)] = Run(y, s, t, seed, null).level;

Console.WriteLine("Swaps: provisioned X at 80 %, swapped for Y at 10/30/60/90/100 %; runs per cell = 5 charges x units; wrong = chemistry read other than Y; level = battery level other than a lock provisioned on Y.");
Console.WriteLine();
Console.WriteLine("| X -> Y | " + string.Join(" | ", temps.Select(t => $"{t:+0;-0} C wrong chem / wrong level")) + " |");
Console.WriteLine("|---|" + string.Concat(temps.Select(_ => "---|")));
int total = 0, wrongChem = 0, wrongLevel = 0, sameWrong = 0, sameRuns = 0;
var misreads = new List<string>();
foreach (var x in chems) foreach (var y in chems)
{
    var cells = new List<string>();
    foreach (var t in temps)
    {
        int wc = 0, wl = 0, n = 0;
        foreach (var s in socs) for (int seed = 1; seed <= seeds; seed++)
        {
            var (chem, level) = Run(x, 0.8, t, seed, sim => sim.Plant.SwapBattery(y, s));
            n++;
            bool badChem = chem != Fw(y);
            bool badLevel = level != reference[(y, s, t, seed)];
            if (badChem) { wc++; misreads.Add($"{Name(x)} -> {Name(y)} at {s * 100:0} %, {t:+0;-0} C, unit {seed}: read {chem.ToString().ToLowerInvariant()}, level {level.ToString().ToLowerInvariant()} (provisioned on {Name(y)}: {reference[(y, s, t, seed)].ToString().ToLowerInvariant()})"); }
            if (badLevel) wl++;
            if (badLevel && !badChem) misreads.Add($"{Name(x)} -> {Name(y)} at {s * 100:0} %, {t:+0;-0} C, unit {seed}: read {Name(y)} (right), level {level.ToString().ToLowerInvariant()} (provisioned on {Name(y)}: {reference[(y, s, t, seed)].ToString().ToLowerInvariant()})");
            if (x == y) { sameRuns++; if (badChem) sameWrong++; }
        }
        total += n; wrongChem += wc; wrongLevel += wl;
        cells.Add($"{wc}/{n} / {wl}/{n}");
    }
    Console.WriteLine($"| {Name(x)} -> {Name(y)} | " + string.Join(" | ", cells) + " |");
}
Console.WriteLine();
Console.WriteLine($"swaps: {total}, chemistry read wrong {wrongChem}, battery level other than provisioned {wrongLevel}; same-chemistry swaps read wrong {sameWrong}/{sameRuns}");
Console.WriteLine();

int cutRuns = 0, cutWrong = 0;
foreach (var x in chems) foreach (var s in new[] { 0.1, 0.3, 0.6, 0.9 }) foreach (var t in temps) for (int seed = 1; seed <= seeds; seed++)
{
    var (chem, _) = Run(x, s, t, seed, sim => sim.PowerCutAt(sim.NowMs + 1, 1000));
    cutRuns++;
    if (chem != Fw(x)) { cutWrong++; misreads.Add($"power cut, {Name(x)} at {s * 100:0} %, {t:+0;-0} C, unit {seed}: read {chem.ToString().ToLowerInvariant()}"); }
}
Console.WriteLine($"power cuts with the same pack (3 chemistries x 10/30/60/90 % x 3 temperatures x units): {cutRuns}, chemistry read wrong {cutWrong}");
Console.WriteLine();
Console.WriteLine("Read wrong (chemistry, or only the level):");
Console.WriteLine();
foreach (var m in misreads) Console.WriteLine("- " + m);
Console.WriteLine();
Console.WriteLine($"wall time: {sw.Elapsed.TotalSeconds:F0} s");
return 0;

// StrandBench: does the lock ever leave its owner outside with the bolt in the strike? (issue 5: "it must never strand its
// owner outside with a locked bolt"; issue 4: "after giving up leave the bolt in the safest reachable position"). The hard
// case is not the flat pack, which the reserve and the brown-out guard refuse, but a cold used pack driving a stiff bolt:
// the lock may crawl the bolt out, or stop it half way for the pack, and the unlock that follows on the same pack may not
// break it away again (greased steel breaks away at about 1.3 times its sliding friction). Each unit of a grid of
// temperature x friction x state of charge (alkaline by default; lithium or NiMH by a word) is provisioned unlocked, locks at 3 s from the console and unlocks
// 11.5 s later; 12.5 s after that the bolt is read. Outcomes: locked then unlocked; refused for the pack (insufficient_battery)
// with the bolt home; left out (the bolt 4 mm or more out after the unlock: the strike plate's face is 4 mm out,
// DoorAndStrike.GapMm). An owner left out tries once more 30 s later (as a person at the door would): counted apart, since
// the first figure is what the lock must get right and the second says how many still need the mechanical key.
// --night: the cold comes after the lock. Each unit is provisioned at -10 C, locks at 3 s, the air falls to the cell's
// temperature at 15 s, and two hours later the owner types the code at the keypad (waking the lock from deep sleep); the
// bolt is read 14 s after the last key, and an owner left out types again 30 s later.
// Usage: dotnet run -c Release --project bench/StrandBench -- [alkaline|lithium|nimh] [--units N] [--night]   (units 1..N
// of each cell, default 20)
using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Bench.StrandBench;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

var cli = CommandLine.Spec().ParseOrExit(args);
int units = cli.Int("--units");
if (cli.Words.Count > 1) CommandLine.Spec().FailAndExit("give one chemistry word at most (alkaline, lithium or nimh)");
string chemistryWord = cli.Words.Count == 1 ? cli.Words[0] : "alkaline";
Chemistry chemistry = chemistryWord == "lithium" ? Chemistry.Lithium : chemistryWord == "nimh" ? Chemistry.Nimh : Chemistry.Alkaline;
bool night = cli.Flag("--night");
var shownArgs = new List<string>(cli.Words);
if (cli.Given("--units")) shownArgs.Add($"--units {units}");
if (night) shownArgs.Add("--night");

const long lockAtMs = 3000;
const long unlockAtMs = lockAtMs + 11500;
const double strikeFaceMm = 4.0;
const long secondTryAfterMs = 30000;
const double nightLockC = -10.0;
const long nightFallsAtMs = 15000;
const long nightMs = 2 * 3600 * 1000L;
const string userCode = "123456#";
// Lithium Li-FeS2 (Energizer L91) is rated down to -40 C (../shared/reference/lock-domain.md), so its grid starts there.
var temps = chemistry == Chemistry.Lithium ? new[] { -40.0, -30.0, -25.0, -20.0 } : new[] { -30.0, -25.0, -20.0 };
var frictions = new[] { 1.2, 1.4, 1.6 };
var charges = new[] { 0.25, 0.31, 0.40, 0.60, 0.80, 1.00 };
Console.WriteLine("command: dotnet run -c Release --project bench/StrandBench" + (shownArgs.Count > 0 ? " -- " + string.Join(" ", shownArgs) : ""));
Console.WriteLine($"pack: {chemistryWord}" + (night ? $"; locked at {nightLockC:F0} C, unlocked {nightMs / 3600000} h after the air fell to the cell's temperature" : "; locked and unlocked at the cell's temperature"));
Console.WriteLine();
var sw = System.Diagnostics.Stopwatch.StartNew();
int total = 0, leftOutTotal = 0, lockedTotal = 0, refusedTotal = 0, breakawayTotal = 0, secondTryTotal = 0;
var leftOutUnits = new List<string>();

Console.WriteLine("| temperature C | friction x | charge % | locked, then unlocked | refused for the pack, bolt home (of which at the breakaway check) | left with the bolt in the strike (of which opened by a second unlock 30 s later) |");
Console.WriteLine("|---|---|---|---|---|---|");
int cell = 0;
foreach (double t in temps)
foreach (double friction in frictions)
foreach (double charge in charges)
{
    int locked = 0, refused = 0, breakaway = 0, leftOut = 0, secondTry = 0;
    for (int seed = 1; seed <= units; seed++)
    {
        var sim = new SimulatedLock(new SimOptions
        {
            Seed = seed,
            StartLocked = false,
            Hardware = new PlantParameters { TemperatureC = night ? nightLockC : t, FrictionFactor = friction, Chemistry = chemistry, StateOfCharge = charge },
        });
        sim.At(lockAtMs, () => sim.Firmware!.RequestLock(OperationSource.Console));
        sim.RunUntil(night ? nightFallsAtMs : unlockAtMs - 500);
        bool lockCompleted = sim.Locks > 0;
        bool refusedForPack = sim.Events.Any(e => e.Kind == LockEventKind.OperationError && e.Code == (int)OperationError.InsufficientBattery);
        bool byBreakaway = sim.Firmware?.Drive.Record.BreakawayRefused ?? false;
        if (night) sim.Plant.SetTemperature(t);
        // The owner's unlock: from the console by day (the lock awake), at the keypad after the night (the lock asleep).
        long Unlock(long atMs)
        {
            if (!night)
            {
                sim.At(atMs, () => sim.Firmware!.RequestUnlock(OperationSource.Console));
                return atMs + 12500;
            }
            return sim.TypeKeys(atMs, userCode) + 14000;
        }
        long readAtMs = Unlock(night ? nightFallsAtMs + nightMs : unlockAtMs);
        sim.RunUntil(readAtMs);
        if (sim.Plant.BoltMm >= strikeFaceMm)
        {
            leftOut++;
            double firstMm = sim.Plant.BoltMm;
            long againReadMs = Unlock(readAtMs + secondTryAfterMs);
            sim.RunUntil(againReadMs);
            bool opened = sim.Plant.BoltMm < strikeFaceMm;
            if (opened) secondTry++;
            leftOutUnits.Add($"{t} C x{friction} {charge * 100:F0} % unit {seed}: lock {(lockCompleted ? "completed" : refusedForPack ? "refused for the pack" : "ended otherwise")}, bolt {firstMm:F1} mm after the unlock; {(opened ? "opened" : $"still {sim.Plant.BoltMm:F1} mm")} after a second unlock 30 s later");
        }
        else if (lockCompleted) locked++;
        else if (refusedForPack) { refused++; if (byBreakaway) breakaway++; }
    }
    Console.WriteLine($"| {t:F0} | {friction:F1} | {charge * 100:F0} | {locked} | {refused} ({breakaway}) | {leftOut} ({secondTry}) |");
    total += units; leftOutTotal += leftOut; lockedTotal += locked; refusedTotal += refused; breakawayTotal += breakaway; secondTryTotal += secondTry;
    cell++;
    // A progress line for a person at a terminal; none in a captured log (bench/run-all.sh keeps stderr only when non-empty).
    if (!Console.IsErrorRedirected) Console.Error.Write($"\rcell {cell}/{temps.Length * frictions.Length * charges.Length}");
}
if (!Console.IsErrorRedirected) Console.Error.WriteLine();
Console.WriteLine();
Console.WriteLine("| figure | ours | goal |");
Console.WriteLine("|---|---|---|");
Console.WriteLine($"| units | {total} | |");
Console.WriteLine($"| owners left with the bolt in the strike after the unlock | {leftOutTotal}/{total} | 0 |");
Console.WriteLine($"| of them, let in by a second unlock 30 s later | {secondTryTotal}/{leftOutTotal} | |");
Console.WriteLine($"| locked, then unlocked | {lockedTotal}/{total} | |");
Console.WriteLine($"| refused for the pack, the bolt home (at the breakaway check) | {refusedTotal} ({breakawayTotal})/{total} | |");
Console.WriteLine($"| other (the lock ended otherwise, the bolt home) | {total - leftOutTotal - lockedTotal - refusedTotal}/{total} | |");
foreach (string u in leftOutUnits) Console.WriteLine($"  left out: {u}");
Console.WriteLine($"wall time {sw.Elapsed.TotalSeconds:F1} s");

using System.Diagnostics;
using LockFirmware.Bench.PowerBench;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

// bench/PowerBench: full discharges at 10 operations a day (5 unlocks, each auto-relocked 30 s later) through the
// unchanged firmware in virtual time. Prints, ours vs the fixed 4.8 V / 4.5 V thresholds commercial locks use:
// warning lead time, remaining-operations error from the first warning on, deaths with the bolt locked, and the
// energy budget with the battery life on 4 x AA alkaline.
// Usage: dotnet run -c Release --project bench/PowerBench -- [alkaline|lithium] [+20|-20] [--seed N] [--trace]   (CommandLine.cs)
var spec = CommandLine.Spec();
var cli = spec.ParseOrExit(args);
int seed = cli.Int("--seed");
bool trace = cli.Flag("--trace");
var cases = new (Chemistry Chem, double T)[] { (Chemistry.Alkaline, 20), (Chemistry.Alkaline, -20), (Chemistry.Lithium, 20), (Chemistry.Lithium, -20) };
// Optional filter for quick runs: "alkaline" / "lithium" and/or "+20" / "-20" (the energy budget needs the alkaline +20 case).
var words = cli.Words;
if (words.Count > 0) cases = cases.Where(c => words.All(a => a == c.Chem.ToString().ToLowerInvariant() || a == $"{c.T:+0;-0}")).ToArray();
if (cases.Length == 0) spec.FailAndExit($"no case is both {string.Join(" and ", words.Distinct())}");
Console.WriteLine("command: dotnet run -c Release --project bench/PowerBench" + (cli.Given("--seed") ? $" -- --seed {seed}" : ""));
var sw = Stopwatch.StartNew();
var runs = cases.AsParallel().AsOrdered().WithDegreeOfParallelism(2)
    .Select(c => new DischargeRun { Chemistry = c.Chem, TemperatureC = c.T, StateOfCharge = 1.0, UnlocksPerDay = 5, MaxDays = 2500, Seed = seed }.Run())
    .ToList();

Console.WriteLine();
Console.WriteLine("End of service = the first lock refused with insufficient_battery (the unlock reserve); a deep-sleeping lock then lives on for months, unlocking only, until the pack is dead.");
Console.WriteLine("| pack | temp C | service ops | service days | pack dead days | ours: warn lead ops / days | fixed 4.8 V: lead ops / days | ours: crit lead ops | fixed 4.5 V: lead ops | est. error from 1st warning: median / p90 / max | died locked | failed unlocks |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
int diedLocked = 0;
foreach (var (r, c) in runs.Zip(cases))
{
    int end = r.OperationsAtEndOfService;
    string Lead(int? at) => at is int a && a <= end ? $"{end - a} / {(end - a) / 10.0:F0}" : "never";
    string Crit(int? at) => at is int a && a <= end ? $"{end - a}" : "never";
    var errs = r.Samples.Where(s => r.OperationsAtWarning is int w && s.Operations >= w && end - s.Operations >= 20)
        .Select(s => Math.Abs(2.0 * s.EstimatedPairs - (end - s.Operations)) / (end - s.Operations) * 100).OrderBy(e => e).ToList();
    string err = errs.Count == 0 ? "n/a" : $"{errs[errs.Count / 2]:F0}% / {errs[(int)(errs.Count * 0.9)]:F0}% / {errs[^1]:F0}%";
    if (r.DiedLocked) diedLocked++;
    Console.WriteLine($"| {c.Chem.ToString().ToLowerInvariant()} | {c.T:+0;-0} | {end} | {r.DaysAtFirstRefusal ?? r.DaysAtDeath:F0} | {(r.Died ? r.DaysAtDeath.ToString("F0") : $"> {r.DaysAtDeath:F0}")} | {Lead(r.OperationsAtWarning)} | {Lead(r.OperationsAtFixedWarning)} | {Crit(r.OperationsAtCritical)} | {Crit(r.OperationsAtFixedCritical)} | {err} | {(r.DiedLocked ? "YES" : "no")} | {r.FailedUnlocks} |");
}
if (trace)
{
    foreach (var (r, c) in runs.Zip(cases))
    {
        int end = r.OperationsAtEndOfService;
        var adc = r.Sim!.Plant.Adc;
        Console.WriteLine($"\ntrace {c.Chem} {c.T:+0;-0} C unit {seed}: Vref {adc.VrefMillivolts:F0} mV, adc_gain {r.Sim.ReportedFirmware?.Settings.AdcGainPermille}, end of service {end} ops");
        Console.WriteLine("ops | true pairs left | est pairs | level | rest mV | true OCV mV | count SoC | true SoC | R mOhm | true R mOhm | capacity mAh | trend gain | floor | slow R | filtered rest mV | motor mOhm | guard load mV");
        foreach (var s in r.Samples.Where(s => r.OperationsAtWarning is int w && s.Operations >= w - 400 || s.Operations % 1000 < 10))
        {
            Console.WriteLine($"{s.Operations} | {(end - s.Operations) / 2} | {s.EstimatedPairs} | {s.Level} | {s.RestMillivolts} | {s.TrueOcvVolts * 1000:F0} | {s.SocPermille} | {s.TrueSoc * 1000:F0} | {s.PackMilliohms} | {s.TrueOhms * 1000:F0} | {s.CapacityMilliampHours} | {s.TrendGainPermille} | {s.FloorPermille} | {s.SlowMilliohms} | {s.FilteredRestMillivolts} | {s.MotorMilliohms} | {s.PredictedLoadMillivolts}");
        }
    }
}
Console.WriteLine($"\nruns that died with the bolt locked and no unlock left: {diedLocked} (must be 0)");

// The energy budget and battery life are those of 4 x AA alkaline at +20 C: printed only when that case ran.
int alkAt = Array.FindIndex(cases, c => c.Chem == Chemistry.Alkaline && c.T == 20);
if (alkAt < 0)
{
    Console.WriteLine("\n(energy budget and battery life: printed when the alkaline +20 C case runs)");
    Console.WriteLine($"\nwall time: {sw.Elapsed.TotalSeconds:F0} s");
    return 0;
}
var alk = runs[alkAt];
var e = alk.Sim!.Energy;
var ledger = alk.Sim.Plant.Energy;
double days = alk.DaysAtDeath;
double total = ledger.TotalMilliampHours;
Console.WriteLine($"\nEnergy budget, 4 x AA alkaline, +20 C, 10 ops/day, as simulated over the whole run until the pack died (plant ledger at the pack terminals; MCU split by power state), per day:");
void Row(string name, double mah) => Console.WriteLine($"| {name,-44} | {mah / days,8:F3} mAh/day | {mah / days / 24 * 1000,8:F1} uA avg | {mah / total * 100,5:F1} % |");
Console.WriteLine("| consumer | per day | average current | share |\n|---|---|---|---|");
Row("ESP32 deep sleep (10 uA)", e.McuDeepSleepCoulombs / 3.6);
Row($"ESP32 boot after wakes ({alk.Sim.DeepSleeps / days:F1}/day x {LockFirmware.Power.PowerBudget.BootMs} ms x 45 mA)", e.McuBootCoulombs / 3.6);
Row("ESP32 light sleep (0.8 mA, awake windows)", e.McuSleepCoulombs / 3.6);
Row("ESP32 active (38 mA)", e.McuActiveCoulombs / 3.6);
Row("motor (pack side)", ledger.MilliampHours(EnergyConsumer.Motor));
Row("H-bridge driver (1.7 mA awake, 1.6 uA asleep)", ledger.MilliampHours(EnergyConsumer.Driver));
Row("LED", ledger.MilliampHours(EnergyConsumer.Led));
Row("buzzer", ledger.MilliampHours(EnergyConsumer.Buzzer));
Row("regulator quiescent (MCP1703A, 2 uA)", ledger.MilliampHours(EnergyConsumer.Regulator));
Row("battery divider (2 M + 1 M)", ledger.MilliampHours(EnergyConsumer.Divider));
Row("wake-input pull-ups (1 M, closed switches)", ledger.MilliampHours(EnergyConsumer.WakeInputs));
Row("total through the terminals", total);
Console.WriteLine($"(not through the terminals: cell self-discharge {ledger.MilliampHours(EnergyConsumer.SelfDischarge) / days:F3} mAh/day)");
Console.WriteLine($"time share: deep sleep {e.DeepSleepSeconds / (days * 864):F2} %, booting {e.BootSeconds / (days * 864):F3} %, light sleep {e.SleepSeconds / (days * 864):F2} %, active {e.ActiveSeconds / (days * 864):F3} %");
double serviceDays = alk.DaysAtFirstRefusal ?? days;
Console.WriteLine($"battery life (end of locking service): {serviceDays:F0} days = {serviceDays / 30.44:F1} months (goal > 12 months), {alk.OperationsAtEndOfService} operations; pack dead after {days:F0} days");
var fw = alk.Sim.Firmware;
Console.WriteLine($"\nwall time: {sw.Elapsed.TotalSeconds:F0} s");
return 0;

using System.Diagnostics;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

// bench/PowerBench: full discharges at 10 operations a day (5 unlocks, each auto-relocked 30 s later) through the
// unchanged firmware in virtual time. Prints, ours vs the fixed 4.8 V / 4.5 V thresholds commercial locks use:
// warning lead time, remaining-operations error from the first warning on, deaths with the bolt locked, and the
// energy budget with the battery life on 4 x AA alkaline.
Console.WriteLine("command: dotnet run -c Release --project bench/PowerBench");
var sw = Stopwatch.StartNew();
var cases = new (Chemistry Chem, double T)[] { (Chemistry.Alkaline, 20), (Chemistry.Alkaline, -20), (Chemistry.Lithium, 20), (Chemistry.Lithium, -20) };
var runs = cases.AsParallel().AsOrdered().WithDegreeOfParallelism(2)
    .Select(c => new DischargeRun { Chemistry = c.Chem, TemperatureC = c.T, StateOfCharge = 1.0, UnlocksPerDay = 5, MaxDays = 900 }.Run())
    .ToList();

Console.WriteLine();
Console.WriteLine("| pack | temp C | life ops | life days | ours: warn lead ops / days | fixed 4.8 V: lead ops / days | ours: crit lead ops | fixed 4.5 V: lead ops | est. error from 1st warning: median / p90 / max | died locked | failed unlocks |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
int diedLocked = 0;
foreach (var (r, c) in runs.Zip(cases))
{
    int death = r.OperationsAtDeath;
    string Lead(int? at) => at is int a ? $"{death - a} / {(death - a) / 10.0:F0}" : "never";
    string Crit(int? at) => at is int a ? $"{death - a}" : "never";
    var errs = r.Samples.Where(s => r.OperationsAtWarning is int w && s.Operations >= w && death - s.Operations >= 20)
        .Select(s => Math.Abs(2.0 * s.EstimatedPairs - (death - s.Operations)) / (death - s.Operations) * 100).OrderBy(e => e).ToList();
    string err = errs.Count == 0 ? "n/a" : $"{errs[errs.Count / 2]:F0}% / {errs[(int)(errs.Count * 0.9)]:F0}% / {errs[^1]:F0}%";
    if (r.DiedLocked) diedLocked++;
    Console.WriteLine($"| {c.Chem.ToString().ToLowerInvariant()} | {c.T:+0;-0} | {death} | {r.DaysAtDeath:F0} | {Lead(r.OperationsAtWarning)} | {Lead(r.OperationsAtFixedWarning)} | {Crit(r.OperationsAtCritical)} | {Crit(r.OperationsAtFixedCritical)} | {err} | {(r.DiedLocked ? "YES" : "no")} | {r.FailedUnlocks} |");
}
Console.WriteLine($"\nruns that died with the bolt locked and no unlock left: {diedLocked} (must be 0)");

var alk = runs[0];
var e = alk.Sim!.Energy;
double days = alk.DaysAtDeath;
Console.WriteLine($"\nEnergy budget, 4 x AA alkaline, +20 C, 10 ops/day, as simulated (MCU light sleep between events), per day:");
void Row(string name, double coulombs) => Console.WriteLine($"| {name,-22} | {coulombs / days / 3.6,8:F2} mAh/day | {coulombs / e.TotalCoulombs * 100,5:F1} % |");
Console.WriteLine("| consumer | per day | share |\n|---|---|---|");
Row("MCU light sleep", e.McuSleepCoulombs);
Row("MCU active", e.McuActiveCoulombs);
Row("motor", e.MotorCoulombs);
Row("LED", e.LedCoulombs);
Row("buzzer", e.BuzzerCoulombs);
Row("total", e.TotalCoulombs);
double capacityMah = StandInDrain.CapacityMilliampHours(Chemistry.Alkaline);
double perDayMah = e.TotalCoulombs / days / 3.6;
Console.WriteLine($"battery life (light sleep): {days:F0} days = {days / 30.4:F1} months (goal > 12 months)");
double deepPerDay = perDayMah - e.McuSleepCoulombs / days / 3.6 + EnergyMeter.DeepSleepAmps * 1000 * 24 * (e.SleepSeconds / days / 86400);
Console.WriteLine($"battery life if idle time were ESP32 deep sleep at 10 uA: {capacityMah / deepPerDay:F0} days = {capacityMah / deepPerDay / 30.4:F1} months ({deepPerDay:F2} mAh/day; wake-up cost of deep sleep not modelled)");
var fw = alk.Sim.Firmware;
Console.WriteLine($"\nwall time: {sw.Elapsed.TotalSeconds:F0} s");

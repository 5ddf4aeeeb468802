// PowerCutBench: 1,000 power cuts at random instants (inside flash writes, during strokes, idle) against the
// real firmware in the simulator, then reboot and check that no setting, code or durable log record was lost
// or corrupted (each reads as its old or its new version). Usage: dotnet run --project bench/PowerCutBench [-- --cuts N --seed S]
using System.Diagnostics;
using LockFirmware.Access;
using LockFirmware.Bench.PowerCutBench;
using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Board;
using LockFirmware.Simulator.Engine;
using LockFirmware.Storage;

var cli = CommandLine.Spec().ParseOrExit(args);
int cuts = cli.Int("--cuts"), seed = cli.Int("--seed");
var rng = new Random(seed);
var wall = Stopwatch.StartNew();
var sim = new SimulatedLock(new SimOptions { Seed = seed });
var storage = sim.Storage;
string[] kinds = { "settings_write", "codes_write", "any_write_during_stroke", "mid_stroke", "idle" };
var byKind = new int[kinds.Length];
int tornWrites = 0, lostSettings = 0, lostCodes = 0, lostLog = 0, storageFaults = 0, bootFailures = 0, newVersions = 0, oldVersions = 0;
long logRecordsChecked = 0;

int durableRelock = sim.Firmware!.Settings.AutoRelockMs;
var durableCodes = Snapshot(sim.Firmware!.Credentials);

for (int c = 0; c < cuts; c++)
{
    var fw = sim.Firmware!;
    int kind = Pick(rng.Next(100));
    byKind[kind]++;
    var logBefore = ReadLog(storage);
    bool torn = false;
    storage.OnTorn = () => { torn = true; storage.FailWrites = true; sim.Plant.CutPower(true); };
    int pendingRelock = durableRelock;
    string?[] pendingCodes = durableCodes;
    switch (kind)
    {
        case 0:
            storage.TearNextWriteAfterBytes = rng.Next(0, 40);
            pendingRelock = rng.Next(0, 181) * 1000;
            fw.Settings.AutoRelockMs = pendingRelock;
            fw.SaveSettings();
            break;
        case 1:
            storage.TearNextWriteAfterBytes = rng.Next(0, 200);
            if (fw.Credentials.UserCount >= 12 || (fw.Credentials.UserCount > 1 && rng.Next(3) == 0))
            {
                int slot = Enumerable.Range(1, Credentials.MaxUsers - 1).First(s => fw.Credentials.UserSlotUsed(s));
                fw.Credentials.RemoveUser(slot);
            }
            else
            {
                string code;
                do code = rng.Next(1000000, 9999999).ToString(); while (fw.Credentials.Validate(code, 4, 8, -1) != null);
                fw.Credentials.AddUser(code, out _);
            }
            pendingCodes = Snapshot(fw.Credentials);
            fw.SaveCodes();
            break;
        case 2:
            storage.TearNextWriteAfterBytes = rng.Next(0, 600);
            if (fw.LockState == LockState.Locked) fw.RequestUnlock(OperationSource.Console); else fw.RequestLock(OperationSource.Console);
            sim.RunUntil(sim.NowMs + 2500);
            break;
        case 3:
            if (fw.LockState == LockState.Locked) fw.RequestUnlock(OperationSource.Console); else fw.RequestLock(OperationSource.Console);
            sim.PowerCutAt(sim.NowMs + rng.Next(1, 900), 500);
            break;
        default:
            sim.PowerCutAt(sim.NowMs + rng.Next(1, 60000), 500);
            break;
    }
    if (!torn && storage.TearNextWriteAfterBytes != null)
    {
        // No write came: cut now instead.
        storage.TearNextWriteAfterBytes = null;
        sim.PowerCutAt(sim.NowMs + 1, 500);
    }
    if (torn)
    {
        tornWrites++;
        long back = sim.NowMs + 500;
        sim.At(back, () => { storage.FailWrites = false; sim.Plant.CutPower(false); });
    }
    sim.RunUntil(sim.NowMs + (kind == 4 ? 62000 : 1500));
    storage.OnTorn = null;
    // A lock left idle after the cut deep-sleeps (since clock_lost no longer keeps it awake): a person touches the
    // keypad, as at the door, and the lock wakes from its sleep record. A lock that is neither awake nor asleep failed to boot.
    if (sim.Firmware == null && sim.McuDeepAsleep) sim.RunUntil(sim.TypeKeys(sim.NowMs + 10, "*") + 1500);
    var after = sim.Firmware;
    if (after == null) { bootFailures++; continue; }

    // Settings and codes: the old or the new version, intact.
    int relock = after.Settings.AutoRelockMs;
    if (relock == pendingRelock && relock != durableRelock) newVersions++;
    else if (relock == durableRelock) oldVersions++;
    else lostSettings++;
    durableRelock = relock;
    var codes = Snapshot(after.Credentials);
    if (codes.SequenceEqual(durableCodes)) oldVersions++;
    else if (codes.SequenceEqual(pendingCodes)) newVersions++;
    else lostCodes++;
    durableCodes = codes;
    if (after.Diagnosis.IsActive(FaultCode.StorageFault)) storageFaults++;

    // Log: every record that was durable before the cut is still there (the newest ones the ring can hold
    // after the pages written since), in order.
    var logAfter = ReadLog(storage);
    int keep = Math.Min(logBefore.Count, after.Log.GuaranteedRecords - 2 * after.Log.RecordsPerPage);
    var tail = logBefore.Skip(logBefore.Count - keep).ToList();
    logRecordsChecked += tail.Count;
    if (!ContainsRun(logAfter, tail)) lostLog++;
}
wall.Stop();

Console.WriteLine("PowerCutBench: power cuts against the real firmware in the simulator");
Console.WriteLine($"command: dotnet run -c Release --project bench/PowerCutBench -- --cuts {cuts} --seed {seed}");
Console.WriteLine($"cuts                         {cuts}");
for (int k = 0; k < kinds.Length; k++) Console.WriteLine($"  {kinds[k],-27}{byKind[k]}");
Console.WriteLine($"writes torn mid-program      {tornWrites}");
Console.WriteLine($"records read back old/new    {oldVersions}/{newVersions}");
Console.WriteLine($"settings lost or corrupt     {lostSettings}");
Console.WriteLine($"codes lost or corrupt        {lostCodes}");
Console.WriteLine($"log cuts losing durable recs {lostLog}  (durable records checked: {logRecordsChecked})");
Console.WriteLine($"storage_fault after reboot   {storageFaults}");
Console.WriteLine($"boots that failed            {bootFailures}");
Console.WriteLine($"flash slot writes            {storage.Writes}  ({storage.BytesWritten} bytes)");
Console.WriteLine($"simulated time               {sim.NowMs / 1000.0 / 3600.0:F1} h");
Console.WriteLine($"wall time                    {wall.Elapsed.TotalSeconds:F1} s");
return lostSettings + lostCodes + lostLog + storageFaults + bootFailures == 0 ? 0 : 1;

static int Pick(int r) => r < 35 ? 0 : r < 60 ? 1 : r < 75 ? 2 : r < 90 ? 3 : 4;

static string?[] Snapshot(Credentials c)
{
    var s = new string?[Credentials.MaxUsers + 2];
    for (int i = 0; i < Credentials.MaxUsers; i++) s[i] = c.UserForStorage(i);
    s[^2] = c.MasterForStorage();
    s[^1] = c.TechnicianForStorage();
    return s;
}

static List<(long, int, int, int)> ReadLog(SimStorage storage)
{
    // A fresh reader over the same flash: loads only, never writes.
    var log = new EventLog(new RecordStore(storage), storage.SlotCount / 2);
    log.Restore(new DiagnosisEngine(new TransitionTrace(8)), 0);
    var list = new List<(long, int, int, int)>();
    for (int age = log.Count - 1; age >= 0; age--)
    {
        log.Get(age, out long t, out _, out LockEventKind k, out _, out int code, out int detail);
        list.Add((t, (int)k, code, detail));
    }
    return list;
}

static bool ContainsRun(List<(long, int, int, int)> hay, List<(long, int, int, int)> run)
{
    if (run.Count == 0) return true;
    for (int i = 0; i + run.Count <= hay.Count; i++)
    {
        bool ok = true;
        for (int j = 0; j < run.Count && ok; j++) ok = hay[i + j] == run[j];
        if (ok) return true;
    }
    return false;
}

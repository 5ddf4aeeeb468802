using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Board;
using LockFirmware.Simulator.Engine;
using LockFirmware.Storage;
using LockFirmware.Tests.Service;
using Xunit;

namespace LockFirmware.Tests.Diagnosis;

public class EventLogTests
{
    private static (EventLog log, DiagnosisEngine diag) Open(SimStorage storage)
    {
        var store = new RecordStore(storage);
        var log = new EventLog(store, storage.SlotCount / 2);
        var diag = new DiagnosisEngine(new TransitionTrace(16));
        log.Restore(diag, 0);
        return (log, diag);
    }

    private static List<int> Details(EventLog log)
    {
        var list = new List<int>();
        for (int age = log.Count - 1; age >= 0; age--)
        {
            log.Get(age, out _, out _, out _, out _, out _, out int detail);
            list.Add(detail);
        }
        return list;
    }

    private static void AppendMany(EventLog log, int from, int count)
    {
        for (int i = from; i < from + count; i++)
        {
            log.Append(i, LockEventKind.Stroke, 1, i);
            log.Poll(i);
        }
    }

    [Fact]
    public void Log_wraps_keeping_the_newest_records_in_order()
    {
        var storage = new SimStorage();
        var (log, _) = Open(storage);
        AppendMany(log, 0, 1000);
        log.Flush();
        var details = Details(log);
        Assert.True(details.Count >= log.GuaranteedRecords);
        Assert.Equal(Enumerable.Range(1000 - details.Count, details.Count), details);
    }

    [Fact]
    public void Log_survives_a_reboot_and_continues()
    {
        var storage = new SimStorage();
        var (log, _) = Open(storage);
        AppendMany(log, 0, 700);
        log.Flush();
        var before = Details(Open(storage).log);
        Assert.True(before.Count >= log.GuaranteedRecords);
        Assert.Equal(699, before[^1]);
        var (again, diag) = Open(storage);
        Assert.Equal(before, Details(again));
        Assert.False(diag.IsActive(FaultCode.StorageFault));
        AppendMany(again, 700, 50);
        again.Flush();
        var (third, _) = Open(storage);
        var details = Details(third);
        Assert.Equal(749, details[^1]);
        Assert.Equal(Enumerable.Range(750 - details.Count, details.Count), details);
    }

    [Fact]
    public void Important_events_are_written_at_once_and_others_within_the_flush_delay()
    {
        var storage = new SimStorage();
        var (log, _) = Open(storage);
        log.Append(0, LockEventKind.Stroke, 1, 1);
        log.Poll(1);
        Assert.True(log.Dirty);
        Assert.Equal(EventLog.FlushDelayMs, log.NextFlushMs);
        log.Append(2, LockEventKind.Fault, 0, 2);
        log.Poll(2);
        Assert.False(log.Dirty);
        Assert.Equal(new[] { 1, 2 }, Details(Open(storage).log));
    }

    [Fact]
    public void Torn_page_write_loses_nothing_written_before()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            var storage = new SimStorage();
            var (log, _) = Open(storage);
            int n = rng.Next(1, 600);
            AppendMany(log, 0, n);
            log.Flush();
            var durable = Details(Open(storage).log);
            int extra = rng.Next(1, 40);
            storage.TearNextWriteAfterBytes = rng.Next(0, 600);
            storage.OnTorn = () => storage.FailWrites = true; // the power is gone: nothing after the tear lands
            for (int i = n; i < n + extra; i++) log.Append(i, LockEventKind.Stroke, 1, i);
            log.Flush();
            storage.TearNextWriteAfterBytes = null;
            storage.FailWrites = false;
            var (after, diag) = Open(storage);
            var restored = Details(after);
            Assert.False(diag.IsActive(FaultCode.StorageFault), $"trial {trial}: a tear is not bit rot");
            // Order kept, nothing invented, and every durable record the ring still has room for is there:
            // the torn write may lose only its own new records, and at most the two pages the extra records
            // spill into may have replaced the oldest pages by the normal wrap.
            Assert.True(restored.SequenceEqual(restored.OrderBy(x => x)), $"trial {trial}: order");
            Assert.All(restored, d => Assert.InRange(d, 0, n + extra - 1));
            int keep = Math.Min(durable.Count, log.GuaranteedRecords - 2 * log.RecordsPerPage);
            var set = new HashSet<int>(restored);
            Assert.All(durable.Skip(durable.Count - keep), d => Assert.Contains(d, set));
        }
    }

    [Fact]
    public void Corrupt_log_page_raises_storage_fault_and_is_not_replaced()
    {
        var storage = new SimStorage();
        var (log, _) = Open(storage);
        AppendMany(log, 0, 200); // pages 0..6 written; newest page 6
        log.Flush();
        // Page 0 (record 8): flip a bit in both copies' payload.
        storage.Corrupt(2 * EventLog.FirstPageRecord, 30);
        storage.Corrupt(2 * EventLog.FirstPageRecord + 1, 30);
        var (after, diag) = Open(storage);
        Assert.True(diag.IsActive(FaultCode.StorageFault));
        Assert.Equal(EventLog.FirstPageRecord, diag.Detail(FaultCode.StorageFault));
        Assert.Equal(1, after.CorruptPages);
    }

    [Fact]
    public void Bit_rot_in_one_copy_of_an_old_page_raises_storage_fault()
    {
        var storage = new SimStorage();
        var (log, _) = Open(storage);
        AppendMany(log, 0, 200);
        log.Flush();
        // Page 1 (record 9) is neither the newest page nor the next one: a bad copy there cannot be a tear.
        int slot = 2 * (EventLog.FirstPageRecord + 1);
        storage.Corrupt(slot, 40);
        var (_, diag) = Open(storage);
        Assert.True(diag.IsActive(FaultCode.StorageFault));
    }

    [Fact]
    public void Firmware_log_survives_a_power_cut_in_the_simulator()
    {
        var sim = ConsoleHarness.NewLock();
        sim.Plant.Inject(new LockFirmware.Simulator.Plant.PlantFault { Kind = LockFirmware.Simulator.Plant.PlantFaultKind.Jam, PositionMm = 8 });
        sim.RunUntil(1000);
        sim.Firmware!.RequestUnlock(LockFirmware.Access.OperationSource.Console);
        sim.RunUntil(20000);
        int before = sim.Firmware!.Log.Count;
        sim.PowerCutAt(sim.NowMs + 10, 1000);
        sim.RunUntil(sim.NowMs + 3000);
        var log = sim.Firmware!.Log;
        Assert.True(log.Count >= before);
        bool sawPowerCycle = false;
        for (int age = 0; age < log.Count; age++)
        {
            log.Get(age, out _, out _, out var kind, out _, out int code, out _);
            if (kind == LockEventKind.Alarm && code == (int)AlarmCode.LockPowerCycled) sawPowerCycle = true;
        }
        Assert.True(sawPowerCycle);
    }
    [Fact]
    public void An_operation_and_a_refused_code_outlive_a_battery_pull_seconds_later()
    {
        // The audit trail: who unlocked, and every wrong code, are in flash at the next idle tick, not up to
        // FlushDelayMs later (a battery pulled in between lost them, and with them a brute forcer's attempts).
        var sim = new SimulatedLock(new SimOptions());
        long t = sim.TypeKeys(1000, "999999#");
        t = sim.TypeKeys(t + 2000, "123456#");
        sim.RunUntil(t + 4000);
        Assert.Equal(LockFirmware.Access.LockState.Unlocked, sim.Firmware!.LockState);
        sim.PowerCutAt(sim.NowMs + 10, 2000);
        sim.RunUntil(sim.NowMs + 5000);
        var log = sim.Firmware!.Log;
        bool unlocked = false, refused = false;
        for (int age = 0; age < log.Count; age++)
        {
            log.Get(age, out _, out _, out var kind, out _, out int code, out int detail);
            if (kind == LockEventKind.Operation && code == (int)LockFirmware.Access.LockOperation.Unlock
                && detail == (int)LockFirmware.Access.OperationSource.Keypad) unlocked = true;
            if (kind == LockEventKind.OperationError && code == (int)LockFirmware.Access.OperationError.InvalidCredential) refused = true;
        }
        Assert.True(unlocked, "the keypad unlock is in the log restored from flash");
        Assert.True(refused, "the wrong code is in the log restored from flash");
    }

    [Fact]
    public void Setting_the_clock_stamps_this_starts_earlier_records_with_wall_time_and_no_older_ones()
    {
        var storage = new SimStorage();
        var (log, _) = Open(storage);
        log.Append(500, LockEventKind.Stroke, 1, 1);
        log.Flush();
        // A restart: a new monotonic clock; the record above is on the old one.
        var (again, _) = Open(storage);
        again.Append(0, LockEventKind.State, 1, 2);
        again.Append(16, LockEventKind.Selftest, 0, 3);
        again.SetWallClock(1000, 1_767_225_601_000);
        again.Append(2000, LockEventKind.Console, 0, 4);
        var expect = new (long t, int flags)[] { (500, 0), (1_767_225_600_000, 1), (1_767_225_600_016, 1), (1_767_225_602_000, 1) };
        for (int n = 0; n < 2; n++)
        {
            Assert.Equal(4, again.Count);
            for (int age = 3; age >= 0; age--)
            {
                again.Get(age, out long t, out int flags, out _, out _, out _, out _);
                Assert.Equal(expect[3 - age], (t, flags));
            }
            // Flash holds what RAM holds.
            again.Flush();
            again = Open(storage).log;
        }
    }

    [Fact]
    public void Boot_records_at_scenario_time_0_carry_wall_time()
    {
        // Scenario time 0 is a restart with the clock set (docs/scenarios.md): the boot's own records are on that clock.
        var sim = ConsoleHarness.NewLock();
        sim.RunUntil(1000);
        var log = sim.Firmware!.Log;
        int boot = 0;
        for (int age = 0; age < log.Count; age++)
        {
            log.Get(age, out long t, out int flags, out _, out _, out _, out _);
            if (flags == 0) break;
            Assert.True(t >= LockFirmware.Simulator.Engine.SimulatedLock.ScenarioStartWallMs);
            boot++;
        }
        Assert.True(boot >= 2, $"{boot} records of this start carry wall time");
    }
}

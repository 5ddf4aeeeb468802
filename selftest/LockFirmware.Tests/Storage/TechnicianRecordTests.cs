using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Board;
using LockFirmware.Simulator.Engine;
using LockFirmware.Storage;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Storage;

/// <summary>
/// Robustness audit: the technician credential was stored only inside the codes record, so a codes record with both
/// copies damaged took it with the codes and the console could never be logged into again: no privileged access left to
/// re-enter the codes. It now has its own record (<see cref="LockStore.TechnicianRecord"/>, A/B slots like every record:
/// old or new after a cut), the codes record keeps its copy as before (a flash written by the firmware before still
/// loads), and the lost codes are reported as <c>storage_fault</c> with the codes record's id. Never a default credential.
/// </summary>
public class TechnicianRecordTests
{
    private static void CorruptBothCopies(SimulatedLock sim, int record)
    {
        sim.Storage.Corrupt(2 * record, 15);
        sim.Storage.Corrupt(2 * record + 1, 15);
    }

    /// <summary>
    /// Damages (or erases) both copies of <paramref name="record"/>, cuts the power and checks that the restart reports it: an active
    /// <c>storage_fault</c> whose first raise names that record.
    /// </summary>
    private static LockController RestartedWithRecordLost(SimulatedLock sim, int record, bool erased = false)
    {
        if (erased)
        {
            sim.Storage.Write(2 * record, new byte[0], 0);
            sim.Storage.Write(2 * record + 1, new byte[0], 0);
        }
        else CorruptBothCopies(sim, record);
        long cut = sim.NowMs;
        var fw = PowerCycled(sim).Firmware!;
        Assert.True(fw.Diagnosis.IsActive(FaultCode.StorageFault));
        Assert.Equal(record, sim.Events.First(e => e.TMs >= cut && e.Kind == LockEventKind.Fault && e.Code == (int)FaultCode.StorageFault).Detail);
        return fw;
    }

    /// <summary>Both copies of the codes record damaged and the power cut: the technician still logs in.</summary>
    private static void AssertLoginOutlivesTheCodes(SimulatedLock sim)
    {
        CorruptBothCopies(sim, LockStore.CodesRecord);
        PowerCycled(sim);
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
    }

    [Fact]
    public void Lost_codes_keep_the_technician_login_report_storage_fault_and_can_be_entered_again()
    {
        var sim = NewLock();
        // The codes are gone, and the lock says so: storage_fault naming the codes record.
        var fw = RestartedWithRecordLost(sim, LockStore.CodesRecord);
        Assert.Equal(0, fw.Credentials.UserCount);
        Assert.False(fw.Credentials.HasMaster);
        Assert.Equal(0, Opened(sim, "123456#"));
        // The technician can still log in and put the codes back.
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
        Assert.Equal("OK", LastLine(Send(sim, "users add 135790")));
        Assert.Equal("OK", LastLine(Send(sim, "users master 97531864")));
        Assert.Equal(1, Opened(sim, "135790#"));
        // Durable: after the next power loss the codes and the login are there and nothing is reported lost.
        fw = PowerCycled(sim).Firmware!;
        Assert.False(fw.Diagnosis.IsActive(FaultCode.StorageFault));
        Assert.True(fw.Credentials.HasMaster);
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
        Assert.Equal(1, Opened(sim, "135790#"));
    }

    [Fact]
    public void An_erased_codes_file_beside_the_technician_record_is_reported_not_taken_for_a_lock_never_given_codes()
    {
        // Both copies of the codes record erased (a lost file: a cut cannot do it, the writes alternate slots) read as the
        // factory state of a lock never given codes, and the codes were gone without storage_fault (found by the hostile
        // storage property, branch fuzz12). The technician record beside it says codes were given.
        var sim = NewLock();
        var fw = RestartedWithRecordLost(sim, LockStore.CodesRecord, erased: true);
        Assert.Equal(0, fw.Credentials.UserCount);
        Assert.Equal(0, Opened(sim, "123456#"));
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
    }

    [Fact]
    public void A_damaged_technician_record_is_restored_from_the_codes_record_and_reported()
    {
        var sim = NewLock();
        RestartedWithRecordLost(sim, LockStore.TechnicianRecord);
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
        // Written again from the codes record's copy: a later loss of the codes record still leaves the login.
        AssertLoginOutlivesTheCodes(sim);
    }

    [Fact]
    public void Both_records_lost_leave_no_login_and_no_default_credential()
    {
        var sim = NewLock();
        CorruptBothCopies(sim, LockStore.CodesRecord);
        CorruptBothCopies(sim, LockStore.TechnicianRecord);
        var fw = PowerCycled(sim).Firmware!;
        Assert.True(fw.Diagnosis.IsActive(FaultCode.StorageFault));
        Assert.False(fw.Credentials.HasTechnician);
        foreach (string guess in new[] { Technician, "00000000" })
            Assert.StartsWith("ERR 403", LastLine(Send(sim, "login " + guess)));
    }

    [Fact]
    public void A_flash_written_before_the_technician_record_keeps_its_login_and_gains_the_record()
    {
        // The firmware before kept the credential in the codes record only: no record 18 on flash.
        var sim = NewLock();
        Assert.True(new RecordStore(sim.Storage).Erase(LockStore.TechnicianRecord));
        var fw = PowerCycled(sim).Firmware!;
        Assert.False(fw.Diagnosis.IsActive(FaultCode.StorageFault));
        Assert.True(fw.Credentials.HasTechnician);
        // The start wrote it from the codes record: losing the codes record now keeps the login.
        var loaded = new Credentials();
        Assert.Equal(LoadResult.Loaded, new LockStore(new RecordStore(sim.Storage)).LoadTechnician(loaded));
        Assert.True(loaded.MatchesTechnician(Technician));
        AssertLoginOutlivesTheCodes(sim);
    }

    [Fact]
    public void The_technician_record_is_written_when_the_credential_changes_not_with_every_code_change()
    {
        var sim = LoggedIn();
        string Slots() => string.Join("|", new[] { 0, 1 }.Select(k =>
        {
            var b = new byte[sim.Storage.SlotBytes];
            int n = sim.Storage.Read(2 * LockStore.TechnicianRecord + k, b);
            return Convert.ToHexString(b, 0, n);
        }));
        string before = Slots();
        Assert.NotEqual("|", before);
        Assert.Equal("OK", LastLine(Send(sim, "users add 4444")));
        Assert.Equal("OK", LastLine(Send(sim, "users remove 4444")));
        Assert.Equal("OK", LastLine(Send(sim, "users master 97531864")));
        Assert.Equal(before, Slots());
    }

    [Fact]
    public void The_technician_record_reads_old_or_new_after_a_cut_in_its_write()
    {
        var flash = new SimStorage();
        var store = new LockStore(new RecordStore(flash));
        var first = new Credentials();
        Assert.Null(first.SetTechnician("24681357"));
        Assert.True(store.SaveTechnician(first));
        var second = new Credentials();
        Assert.Null(second.SetTechnician("97531864"));
        for (int keep = 0; keep < 30; keep++)
        {
            flash.TearNextWriteAfterBytes = keep;
            store.SaveTechnician(second);
            var loaded = new Credentials();
            Assert.Equal(LoadResult.Loaded, new LockStore(new RecordStore(flash)).LoadTechnician(loaded));
            Assert.True(loaded.MatchesTechnician("24681357") || loaded.MatchesTechnician("97531864"), $"cut after {keep} bytes");
            store = new LockStore(new RecordStore(flash));
            Assert.Equal(LoadResult.Loaded, store.LoadTechnician(new Credentials()));
        }
    }
}

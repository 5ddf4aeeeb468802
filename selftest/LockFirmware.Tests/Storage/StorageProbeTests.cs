using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Simulator.Engine;
using LockFirmware.Storage;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Storage;

/// <summary>
/// Security audit of what flash holds: a stored record whose copies are both damaged gives <c>storage_fault</c> and a
/// safe start, never a crash, and never codes that let anyone in; a power cut in the middle of the write a console
/// command makes (users add/remove/master, set, factory-reset) leaves the old or the new version after the restart,
/// never a mix, and never a lock nobody can open.
/// </summary>
public class StorageProbeTests
{
    private static SimulatedLock RestartWithBothCopiesCorrupt(int record, int byteIndex)
    {
        var sim = NewLock();
        // Every record written at least once: a code typed (record 3), a wrong login (record 5).
        sim.RunUntil(sim.TypeKeys(500, "99999#") + 500);
        Send(sim, "login 11112222");
        sim.RunUntil(sim.NowMs + 1000);
        sim.Storage.Corrupt(2 * record, byteIndex);
        sim.Storage.Corrupt(2 * record + 1, byteIndex);
        return PowerCycled(sim);
    }

    [Theory]
    [InlineData(LockStore.CodesRecord, 3)] [InlineData(LockStore.CodesRecord, 12)] [InlineData(LockStore.CodesRecord, 20)]
    [InlineData(LockStore.SettingsRecord, 12)] [InlineData(LockStore.CalibrationRecord, 12)] [InlineData(LockStore.ThrottleRecord, 11)]
    [InlineData(LockStore.BatteryRecord, 12)] [InlineData(LockStore.StrokeRecordId, 12)] [InlineData(5, 11)]
    public void Both_copies_corrupt_raise_storage_fault_and_no_code_opens(int record, int byteIndex)
    {
        var sim = RestartWithBothCopiesCorrupt(record, byteIndex);
        var fw = sim.Firmware!;
        Assert.True(fw.Diagnosis.IsActive(FaultCode.StorageFault) || sim.FaultsSeen.Contains(FaultCode.StorageFault), $"record {record}");
        long t = sim.TypeKeys(sim.NowMs + 500, "#");
        foreach (string guess in new[] { "0000#", "24681357#" })
            t = sim.TypeKeys(t + 500, guess);
        sim.RunUntil(t + 5000);
        Assert.Equal(0, sim.Unlocks);
        // The user's code is not lost with a record that does not hold it; a damaged throttle record is a lockout.
        t = sim.TypeKeys(sim.NowMs + 500, "123456#");
        sim.RunUntil(t + 8000);
        Assert.Equal(record == LockStore.CodesRecord || record == LockStore.ThrottleRecord ? 0 : 1, sim.Unlocks);
        Assert.Equal("OK", LastLine(Send(sim, "status")));
    }

    [Fact]
    public void Corrupt_codes_leave_the_stored_master_and_user_codes_refused_never_defaults()
    {
        var sim = RestartWithBothCopiesCorrupt(LockStore.CodesRecord, 15);
        Assert.Equal(0, sim.Firmware!.Credentials.UserCount);
        Assert.False(sim.Firmware.Credentials.HasMaster);
        // The technician credential is not lost with them (its own record, TechnicianRecordTests): the console still logs
        // in to enter the codes again. Before, it went with the codes and the lock could never be serviced again.
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
    }

    private static SimulatedLock CutDuring(string line, int keepBytes)
    {
        var sim = LoggedIn();
        sim.Storage.TearNextWriteAfterBytes = keepBytes;
        bool torn = false;
        sim.Storage.OnTorn = () => torn = true;
        sim.ConsoleAt(sim.NowMs, line);
        sim.RunUntil(sim.NowMs + 50);
        Assert.True(torn, line);
        return PowerCycled(sim);
    }

    [Theory]
    [InlineData("users add 4444")] [InlineData("users remove 0")] [InlineData("users master 999999")] [InlineData("users remove 123456")]
    public void Codes_are_old_or_new_after_a_cut_in_their_write(string line)
    {
        for (int keep = 0; keep < 120; keep += 7)
        {
            var sim = CutDuring(line, keep);
            var c = sim.Firmware!.Credentials;
            Assert.True(c.HasTechnician, $"{line} cut after {keep} bytes");
            Assert.True(c.HasMaster);
            // The old version: the provisioned user in slot 0 and master; the new one: the change made.
            bool old = c.UserCount == 1 && c.UserSlotUsed(0);
            bool added = c.UserCount == 2 && line.Contains("add");
            bool removed = c.UserCount == 0 && line.Contains("remove");
            Assert.True(old || added || removed || line.Contains("master"), $"{line} cut after {keep}: {c.UserCount} users");
            Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
        }
    }

    [Theory]
    [InlineData("set mode vacation")] [InlineData("set autorelock_s 0")] [InlineData("factory-reset")]
    public void Settings_and_factory_reset_leave_a_working_lock_after_a_cut(string line)
    {
        for (int keep = 0; keep < 60; keep += 5)
        {
            var sim = CutDuring(line, keep);
            Assert.True(sim.Firmware!.Credentials.HasTechnician, $"{line} cut after {keep} bytes");
            Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
            Assert.Equal("OK", LastLine(Send(sim, "status")));
        }
    }

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(2)] [InlineData(3)]
    public void A_factory_reset_cut_between_its_writes_is_all_done_or_not_done_at_all(int writesBeforeCut)
    {
        // Codes, settings and calibration are three records: before, a cut after the codes write left the owner's codes
        // erased beside the old settings (here auto-relock 45 s) and the old calibration. The codes record now carries a
        // "reset pending" mark until the last write, and the next start finishes the reset.
        var sim = LoggedIn();
        Assert.Equal("OK", LastLine(Send(sim, "set autorelock_s 45")));
        Assert.True(sim.Firmware!.Calibration.Valid);
        sim.Storage.WritesBeforeTear = writesBeforeCut;
        bool torn = false;
        sim.Storage.OnTorn = () => torn = true;
        sim.ConsoleAt(sim.NowMs, "factory-reset");
        sim.RunUntil(sim.NowMs + 50);
        Assert.True(torn, $"cut after {writesBeforeCut} writes");
        var fw = PowerCycled(sim).Firmware!;
        bool codesReset = fw.Credentials.UserCount == 0 && !fw.Credentials.HasMaster;
        bool codesOld = fw.Credentials.UserCount == 1 && fw.Credentials.HasMaster;
        Assert.True(codesReset || codesOld, $"cut after {writesBeforeCut} writes: {fw.Credentials.UserCount} users");
        Assert.Equal(codesReset ? 30000 : 45000, fw.Settings.AutoRelockMs);
        Assert.Equal(!codesReset, fw.Calibration.Valid);
        Assert.True(fw.Credentials.HasTechnician);
        // A cut before the first write lands resets nothing; after it, the start finishes the reset.
        Assert.Equal(writesBeforeCut > 0, codesReset);
    }
}

using LockFirmware.Diagnosis;
using LockFirmware.Simulator.Engine;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Service;

/// <summary>
/// Security audit: <c>users add</c> answered <c>ERR 500 codes not saved</c> when the flash write failed, yet the code stayed
/// in RAM and opened the door until the next power loss made it vanish. A code the lock says it did not save is not a
/// code: it is taken back.
/// </summary>
public class UnsavedCodeTests
{
    [Fact]
    public void A_user_code_that_could_not_be_saved_does_not_open()
    {
        var sim = LoggedIn();
        sim.Storage.FailWrites = true;
        Assert.StartsWith("ERR 500", LastLine(Send(sim, "users add 4444")));
        Assert.Equal(1, sim.Firmware!.Credentials.UserCount);
        long t = sim.TypeKeys(sim.NowMs + 500, "4444#");
        sim.RunUntil(t + 5000);
        Assert.Equal(0, sim.Unlocks);
        // Saved once the flash works again, and then it opens.
        sim.Storage.FailWrites = false;
        Assert.Equal("OK", LastLine(Send(sim, "users add 4444")));
        t = sim.TypeKeys(sim.NowMs + 500, "4444#");
        sim.RunUntil(t + 5000);
        Assert.Equal(1, sim.Unlocks);
    }

    [Fact]
    public void A_master_code_that_could_not_be_saved_is_not_the_master_code()
    {
        var sim = LoggedIn();
        sim.Storage.FailWrites = true;
        Assert.StartsWith("ERR 500", LastLine(Send(sim, "users master 999999")));
        sim.Storage.FailWrites = false;
        // The provisioned master (87654321) still opens, the unsaved one does not.
        long t = sim.TypeKeys(sim.NowMs + 500, "999999#");
        sim.RunUntil(t + 5000);
        Assert.Equal(0, sim.Unlocks);
        t = sim.TypeKeys(sim.NowMs + 500, "87654321#");
        sim.RunUntil(t + 8000);
        Assert.Equal(1, sim.Unlocks);
    }

    [Theory]
    [InlineData("users remove 0")] [InlineData("users remove 123456")]
    public void A_removal_that_could_not_be_saved_is_not_made(string line)
    {
        // Before: the code was taken out of RAM and the console said ERR 500; the code stopped opening, and came back
        // after the next power loss (flash still held it). Now the removal is taken back: what the owner was told (not
        // removed) is what the lock does, before and after a power loss.
        var sim = LoggedIn();
        sim.Storage.FailWrites = true;
        Assert.StartsWith("ERR 500", LastLine(Send(sim, line)));
        sim.Storage.FailWrites = false;
        Assert.Equal(1, sim.Firmware!.Credentials.UserCount);
        Assert.Equal(1, Opened(sim, "123456#"));
        PowerCycled(sim);
        Assert.Equal(1, Opened(sim, "123456#"));
        // Removed once the flash works again, and then it no longer opens, after a power loss either.
        LoggedInLock(sim);
        Assert.Equal("OK", LastLine(Send(sim, line)));
        Assert.Equal(0, Opened(sim, "123456#"));
        PowerCycled(sim);
        Assert.Equal(0, Opened(sim, "123456#"));
    }

    [Fact]
    public void A_factory_reset_that_could_not_be_saved_changes_nothing()
    {
        // Before: the codes were cleared in RAM (the owner's code stopped opening, the console said ERR 500) and came back
        // after the next power loss; uncalibrated and lock_factory_reset were raised for a reset that had not happened.
        var sim = LoggedIn();
        Assert.Equal("OK", LastLine(Send(sim, "set autorelock_s 45")));
        sim.Storage.FailWrites = true;
        Assert.StartsWith("ERR 500", LastLine(Send(sim, "factory-reset")));
        sim.Storage.FailWrites = false;
        var fw = sim.Firmware!;
        Assert.Equal(1, fw.Credentials.UserCount);
        Assert.True(fw.Credentials.HasMaster);
        Assert.True(fw.Calibration.Valid);
        Assert.Equal(45000, fw.Settings.AutoRelockMs);
        Assert.DoesNotContain(AlarmCode.LockFactoryReset, sim.Alarms);
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Uncalibrated));
        Assert.Equal(1, Opened(sim, "123456#"));
        fw = PowerCycled(sim).Firmware!;
        Assert.Equal(1, fw.Credentials.UserCount);
        Assert.Equal(45000, fw.Settings.AutoRelockMs);
        Assert.Equal(1, Opened(sim, "123456#"));
    }

    [Fact]
    public void A_factory_reset_whose_later_writes_failed_stays_a_reset_after_codes_are_added()
    {
        // The reset's first write (codes, marked pending) landed and its settings write failed: the reset is committed and
        // the next start finishes it. Before, a code added in between was saved unmarked, which dropped the mark: after a
        // power loss the new codes stood beside the old settings (auto-relock 45 s came back).
        var sim = LoggedIn();
        Assert.Equal("OK", LastLine(Send(sim, "set autorelock_s 45")));
        sim.Storage.WritesBeforeTear = 1;
        Assert.StartsWith("ERR 500", LastLine(Send(sim, "factory-reset")));
        Assert.Equal(30000, sim.Firmware!.Settings.AutoRelockMs);
        Assert.Equal("OK", LastLine(Send(sim, "users add 4444")));
        var fw = PowerCycled(sim).Firmware!;
        Assert.Equal(30000, fw.Settings.AutoRelockMs);
        Assert.False(fw.Calibration.Valid);
        Assert.Equal(1, fw.Credentials.UserCount);
        Assert.Equal(1, Opened(sim, "4444#"));
    }
}

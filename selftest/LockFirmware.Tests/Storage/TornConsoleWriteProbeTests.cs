using LockFirmware.Simulator.Engine;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Storage;

/// <summary>
/// Security audit: a power cut in the middle of the flash write a console command makes (users add/remove/master, set,
/// factory-reset) leaves the old or the new version after the restart, never a mix, and never a lock nobody can open.
/// </summary>
public class TornConsoleWriteProbeTests
{
    private static SimulatedLock CutDuring(string line, int keepBytes)
    {
        var sim = LoggedIn();
        sim.Storage.TearNextWriteAfterBytes = keepBytes;
        bool torn = false;
        sim.Storage.OnTorn = () => torn = true;
        sim.ConsoleAt(sim.NowMs, line);
        sim.RunUntil(sim.NowMs + 50);
        Assert.True(torn, line);
        sim.PowerCutAt(sim.NowMs, 2000);
        sim.RunUntil(sim.NowMs + 6000);
        return sim;
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
}

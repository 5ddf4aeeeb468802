using LockFirmware.Access;
using LockFirmware.Simulator.Engine;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Access;

/// <summary>
/// Security audit: setting the wall clock (forwards or backwards) during a keypad lockout does not shorten it, a console
/// reboot serves it again, and the right code stays refused until it ends.
/// </summary>
public class LockoutClockProbeTests
{
    [Theory]
    [InlineData("set clock 4102444800")] [InlineData("set clock 1600000000")] [InlineData("reboot")]
    public void The_wall_clock_and_a_reboot_do_not_shorten_a_keypad_lockout(string line)
    {
        var sim = NewLock();
        long t = 1000;
        for (int i = 0; i < CodeEntry.WrongCodeLimit; i++) t = sim.TypeKeys(t + 300, "99999" + i + "#");
        sim.RunUntil(t + 1000);
        Assert.Equal(EntryState.LockedOut, sim.Firmware!.Entry.State);
        LoggedInLock(sim);
        Assert.Equal("OK", LastLine(Send(sim, line)));
        sim.RunUntil(sim.NowMs + 3000);
        t = sim.TypeKeys(sim.NowMs + 500, "123456#");
        sim.RunUntil(t + 5000);
        Assert.Equal(0, sim.Unlocks);
        Assert.Equal(EntryState.LockedOut, sim.Firmware!.Entry.State);
    }
}

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
}

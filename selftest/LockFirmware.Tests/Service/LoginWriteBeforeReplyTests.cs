using LockFirmware.Service;
using LockFirmware.Simulator.Engine;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Service;

/// <summary>
/// A console login is written to the login throttle's record before its reply is sent (security audit), the right
/// credential included: a wrong one already was, but a right one wrote nothing and answered at once, so whoever cut the
/// power at the moment a write would run learnt from the missing <c>OK</c> that the guess was wrong, and the torn write
/// did not count it.
/// </summary>
public class LoginWriteBeforeReplyTests
{
    private static (bool Torn, string ReplyBeforeTear) TearTheWriteAfterLogin(SimulatedLock sim, string credential)
    {
        sim.RunUntil(sim.NowMs + 100);
        sim.Serial.TakeOutput();
        bool torn = false;
        string before = "";
        sim.Storage.TearNextWriteAfterBytes = 3;
        sim.Storage.OnTorn = () =>
        {
            torn = true;
            before = sim.Serial.TakeOutput();
        };
        sim.ConsoleAt(sim.NowMs, "login " + credential);
        sim.RunUntil(sim.NowMs + 500);
        sim.Storage.TearNextWriteAfterBytes = null;
        return (torn, before);
    }

    [Fact]
    public void A_right_credential_is_written_before_the_reply()
    {
        var r = TearTheWriteAfterLogin(NewLock(), Technician);
        Assert.True(r.Torn, "the login wrote nothing: a write under way would tell a wrong guess from a right one");
        Assert.Equal("", r.ReplyBeforeTear);
    }

    [Fact]
    public void A_wrong_credential_is_counted_before_the_reply()
    {
        var r = TearTheWriteAfterLogin(NewLock(), "11112222");
        Assert.True(r.Torn);
        Assert.Equal("", r.ReplyBeforeTear);
    }
}

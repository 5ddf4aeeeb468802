using LockFirmware.Access;
using LockFirmware.Service;
using LockFirmware.Simulator.Engine;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Service;

/// <summary>
/// Security audit: no privileged console command does anything without a technician session, however the session
/// ended (logout, idle timeout, console reboot, power cut) or the credential was mangled (prefix, suffix, case, padding,
/// tabs, non-ASCII bytes, several commands on one line).
/// </summary>
public class ConsoleAuthProbeTests
{
    private static readonly string[] Privileged =
    {
        "log", "log 5", "trace", "stroke", "battery", "selftest", "calibrate", "get mode", "get clock", "set volume 100", "set clock 1700000000",
        "users list", "users add 4444", "users remove 0", "users remove 123456", "users master 999999", "mode passage", "lock", "unlock",
        "factory-reset", "reboot",
    };

    private static void AssertNothingPrivilegedWorks(SimulatedLock sim, string when)
    {
        // The lock may be in deep sleep (an idle session ends at its time, and the lock sleeps after it): the first line wakes it.
        int users = sim.ReportedFirmware!.Credentials.UserCount;
        foreach (string line in Privileged)
        {
            string r = Send(sim, line, 5000);
            Assert.True(LastLine(r).StartsWith("ERR 401"), $"{when}: '{line}' answered {LastLine(r)}");
        }
        sim.RunUntil(sim.NowMs + 5000);
        Assert.Equal(LockState.Locked, sim.Firmware!.LockState);
        Assert.Equal(users, sim.Firmware.Credentials.UserCount);
        Assert.True(sim.Firmware.Credentials.HasMaster);
        Assert.Equal(OperatingMode.Normal, sim.Firmware.Settings.Mode);
        Assert.Equal(0, sim.Unlocks);
    }

    [Fact]
    public void After_logout_timeout_reboot_and_power_cut_privileged_commands_are_refused()
    {
        var sim = LoggedIn();
        Assert.Equal("OK", LastLine(Send(sim, "logout")));
        AssertNothingPrivilegedWorks(sim, "after logout");

        LoggedInLock(sim);
        sim.RunUntil(sim.NowMs + ConsoleSession.SessionTimeoutMs + 1000);
        AssertNothingPrivilegedWorks(sim, "after the idle timeout");

        LoggedInLock(sim);
        Assert.Equal("OK", LastLine(Send(sim, "reboot")));
        sim.RunUntil(sim.NowMs + 3000);
        AssertNothingPrivilegedWorks(sim, "after a console reboot");

        LoggedInLock(sim);
        sim.PowerCutAt(sim.NowMs, 2000);
        sim.RunUntil(sim.NowMs + 5000);
        AssertNothingPrivilegedWorks(sim, "after a power cut");
    }

    [Theory]
    [InlineData("login 2468135")] [InlineData("login 246813570")] [InlineData("login 024681357")] [InlineData("login 24681357x")]
    [InlineData("LOGIN 24681357")] [InlineData("Login 24681357")] [InlineData("login24681357")] [InlineData("login\t24681357")]
    [InlineData("login 24681357;lock")] [InlineData("login 24681357 lock")] [InlineData("login 2468 1357")] [InlineData("login \u00e924681357")]
    [InlineData("login 24681357\u0000")] [InlineData("24681357")] [InlineData("login ")] [InlineData("login 24681357\u00a0")]
    public void A_mangled_credential_opens_no_session(string line)
    {
        var sim = NewLock();
        string r = Send(sim, line);
        Assert.StartsWith("ERR ", LastLine(r));
        Assert.DoesNotContain("24681357", r);
        Assert.Equal(ConsoleState.Guest, sim.Firmware!.Console.State);
        // Whatever the throttle made of it, the privileged commands stay shut.
        AssertNothingPrivilegedWorks(sim, line);
    }

    [Fact]
    public void A_very_long_line_holding_the_credential_and_commands_opens_nothing()
    {
        var sim = NewLock();
        string r = Send(sim, "login 24681357" + new string(' ', 200) + "lock");
        Assert.StartsWith("ERR 413", LastLine(r));
        r = Send(sim, new string('x', 5000) + "\nlogin 11112222");
        Assert.Equal(ConsoleState.Guest, sim.Firmware!.Console.State);
        AssertNothingPrivilegedWorks(sim, "after long lines");
    }
}

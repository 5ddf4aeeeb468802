using CsCheck;
using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using LockFirmware.Service;
using LockFirmware.Simulator.Plant;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Service;

public class ConsoleSessionTests
{
    [Theory]
    [InlineData("help", "commands")]
    [InlineData("status", "lock_state")]
    [InlineData("diag", "faults_active")]
    [InlineData("codes", "user_codes")]
    [InlineData("version", "firmware")]
    public void Guest_commands_answer_without_login(string line, string key)
    {
        var sim = NewLock();
        string r = Send(sim, line);
        Assert.Equal("OK", LastLine(r));
        Assert.NotNull(Value(r, key));
    }

    [Fact]
    public void Status_has_the_contract_fields()
    {
        string r = Send(NewLock(), "status");
        foreach (string k in new[] { "lock_state", "door_state", "battery_mv", "battery_level", "faults", "calibrated", "mode", "uptime_s", "firmware" })
            Assert.NotNull(Value(r, k));
        Assert.Equal("locked", Value(r, "lock_state"));
        Assert.Equal("none", Value(r, "faults"));
    }

    /// <summary>Ten idle minutes (the lock deep-sleeps), then <c>status</c>: the console line wakes a restarted MCU.</summary>
    private static string StatusAfterTenIdleMinutes(LockFirmware.Simulator.Engine.SimulatedLock sim)
    {
        sim.RunUntil(10 * 60000);
        Assert.True(sim.DeepSleeps >= 1);
        return Send(sim, "status", 5000);
    }

    [Fact]
    public void Uptime_counts_from_the_power_on_through_deep_sleeps()
    {
        var sim = NewLock();
        string r = StatusAfterTenIdleMinutes(sim);
        Assert.Equal("OK", LastLine(r));
        Assert.True(sim.Firmware!.WokeFromDeepSleep);
        long uptime = long.Parse(Value(r, "uptime_s")!);
        Assert.InRange(uptime, 10 * 60 - 5, 10 * 60 + 10);
    }

    [Fact]
    public void A_provisioned_lock_starts_with_its_clock_set_and_keeps_wall_time_through_deep_sleep()
    {
        // The contract's scenarios start "clock set": the installer set the clock, so status says so and the event log
        // carries wall time (it used to say clock_set=false with no clock_lost standing).
        var sim = NewLock();
        string r = StatusAfterTenIdleMinutes(sim);
        Assert.Equal("true", Value(r, "clock_set"));
        Assert.Equal("OK", LastLine(Send(sim, "login 24681357")));
        long clockS = long.Parse(Value(Send(sim, "get clock"), "clock")!);
        Assert.InRange(clockS, LockFirmware.Simulator.Engine.SimulatedLock.ScenarioStartWallMs / 1000 + 10 * 60, LockFirmware.Simulator.Engine.SimulatedLock.ScenarioStartWallMs / 1000 + 10 * 60 + 30);
        Assert.Contains("wall=1", Send(sim, "log 1"));
    }

    [Theory]
    [InlineData("log")] [InlineData("trace")] [InlineData("stroke")] [InlineData("battery")] [InlineData("selftest")] [InlineData("calibrate")]
    [InlineData("get mode")] [InlineData("set volume 100")] [InlineData("users list")] [InlineData("mode vacation")]
    [InlineData("lock")] [InlineData("unlock")] [InlineData("factory-reset")] [InlineData("reboot")] [InlineData("logout")]
    public void Privileged_commands_need_the_login(string line)
    {
        var sim = NewLock();
        string r = Send(sim, line);
        Assert.StartsWith("ERR 401", LastLine(r));
        Assert.Equal(LockFirmware.Access.LockState.Locked, sim.Firmware!.LockState);
    }

    [Fact]
    public void Every_technician_command_happy_path()
    {
        var sim = LoggedIn();
        sim.RunUntil(500);
        Assert.Equal("OK", LastLine(Send(sim, "log 5")));
        Assert.Equal("OK", LastLine(Send(sim, "log")));
        Assert.Contains("machine=", Send(sim, "trace"));
        Assert.NotNull(Value(Send(sim, "battery"), "battery_mv"));
        Assert.Equal("pass", Value(Send(sim, "selftest"), "selftest"));
        Assert.Equal("40", Value(Send(sim, "set autorelock_s 40"), "autorelock_s"));
        Assert.Equal("40", Value(Send(sim, "get autorelock_s"), "autorelock_s"));
        Assert.Equal("250", Value(Send(sim, "set volume low"), "volume"));
        Assert.Equal("300", Value(Send(sim, "set led 300"), "led"));
        Assert.Equal("120", Value(Send(sim, "set door_ajar_s 120"), "door_ajar_s"));
        Assert.Equal("1010", Value(Send(sim, "set adc_gain 1010"), "adc_gain"));
        Assert.Equal("1700000000", Value(Send(sim, "set clock 1700000000"), "clock"));
        Assert.NotEqual("unset", Value(Send(sim, "get clock"), "clock"));
        Assert.Equal("privacy", Value(Send(sim, "set mode privacy"), "mode"));
        Assert.Equal("normal", Value(Send(sim, "mode normal"), "mode"));
        string add = Send(sim, "users add 97531");
        Assert.Equal("1", Value(add, "slot"));
        Assert.Equal("0,1", Value(Send(sim, "users list"), "slots_used"));
        Assert.Equal("1", Value(Send(sim, "users remove 1"), "removed"));
        Assert.Equal("unlock", Value(Send(sim, "unlock"), "operation"));
        sim.RunUntil(sim.NowMs + 3000);
        Assert.Equal(LockFirmware.Access.LockState.Unlocked, sim.Firmware!.LockState);
        Assert.Equal("lock", Value(Send(sim, "lock"), "operation"));
        sim.RunUntil(sim.NowMs + 3000);
        Assert.Equal(LockFirmware.Access.LockState.Locked, sim.Firmware!.LockState);
        Assert.Equal("started", Value(Send(sim, "calibrate"), "calibration"));
        sim.RunUntil(sim.NowMs + 15000);
        Assert.True(sim.Firmware!.Calibration.Valid);
        Assert.Equal("guest", Value(Send(sim, "logout"), "session"));
        Assert.StartsWith("ERR 401", LastLine(Send(sim, "log")));
    }

    [Theory]
    [InlineData("users add 2468")]      // the first half of the technician credential 24681357
    [InlineData("users add 81357")]     // its last five digits
    [InlineData("users master 468135")] // a master code inside it
    public void A_code_inside_the_technician_credential_is_refused_as_provisioning_refuses_it(string line)
    {
        var sim = LoggedIn();
        string r = Send(sim, line);
        Assert.Equal("ERR 400 code refused: must not be part of the technician credential", LastLine(r));
        Assert.Equal("1", Value(Send(sim, "users list"), "users"));
    }

    [Fact]
    public void Settings_survive_a_reboot_command()
    {
        var sim = LoggedIn();
        Send(sim, "set autorelock_s 77");
        Assert.Equal("now", Value(Send(sim, "reboot"), "reboot"));
        // The reset boots for DeepSleepBootMs before the firmware runs again.
        sim.RunUntil(sim.NowMs + 500 + LockFirmware.Simulator.Engine.SimulatedLock.DeepSleepBootMs);
        Assert.Equal(77000, sim.Firmware!.Settings.AutoRelockMs);
        Assert.Equal(ConsoleState.Guest, sim.Firmware!.Console.State);
    }

    [Fact]
    public void Uptime_runs_on_across_a_console_reboot_on_the_base_of_the_faults_first_and_last_seen()
    {
        var sim = LoggedIn();
        sim.RunUntil(10000);
        Assert.Equal("now", Value(Send(sim, "reboot"), "reboot"));
        sim.RunUntil(sim.NowMs + 500 + LockFirmware.Simulator.Engine.SimulatedLock.DeepSleepBootMs);
        if (sim.ReportedFirmware!.LockState == LockFirmware.Access.LockState.Locked) sim.RunUntil(sim.TypeKeys(sim.NowMs + 500, "123456#") + 3000);
        long jamAt = sim.NowMs + 1000;
        sim.Plant.Inject(new PlantFault { Kind = PlantFaultKind.Jam, PositionMm = 8 });
        sim.RunUntil(sim.TypeKeys(jamAt, "#") + 12000);
        Assert.True(sim.ReportedFirmware!.Diagnosis.IsActive(LockFirmware.Diagnosis.FaultCode.Jam), string.Join(",", sim.FaultsSeen) + " " + sim.ReportedFirmware.LockState);
        string status = Send(sim, "status");
        long uptime = long.Parse(Value(status, "uptime_s")!);
        Assert.InRange(uptime, sim.NowMs / 1000 - 2, sim.NowMs / 1000);
        string diag = Send(LoggedInLock(sim), "diag");
        string jamLine = diag.Split('\n').Single(l => l.StartsWith("fault=jam "));
        long firstSeen = long.Parse(jamLine.Split(' ').Single(w => w.StartsWith("first_seen_s=")).Substring("first_seen_s=".Length));
        Assert.InRange(firstSeen, jamAt / 1000, uptime);
    }

    [Fact]
    public void Factory_reset_erases_codes_settings_calibration_and_raises_the_alarm()
    {
        var sim = LoggedIn();
        Send(sim, "set autorelock_s 77");
        string r = Send(sim, "factory-reset");
        Assert.Equal("OK", LastLine(r));
        Assert.Contains(AlarmCode.LockFactoryReset, sim.Alarms);
        Assert.Equal("0", Value(Send(sim, "codes"), "user_codes"));
        Assert.Equal("unset", Value(Send(sim, "codes"), "master"));
        Assert.Equal("30", Value(Send(sim, "get autorelock_s"), "autorelock_s"));
        Assert.False(sim.Firmware!.Calibration.Valid);
        sim.PowerCutAt(sim.NowMs + 10, 500);
        // The power-on boots for DeepSleepBootMs before the firmware runs again.
        sim.RunUntil(sim.NowMs + 1000 + LockFirmware.Simulator.Engine.SimulatedLock.DeepSleepBootMs);
        Assert.Equal(0, sim.Firmware!.Credentials.UserCount);
        Assert.False(sim.Firmware!.Calibration.Valid);
    }

    [Theory]
    [InlineData("get nonsense", "ERR 400")]
    [InlineData("set volume 5000", "ERR 400")]
    [InlineData("set autorelock_s -1", "ERR 400")]
    [InlineData("set adc_gain 2000", "ERR 400")]
    [InlineData("set clock 12", "ERR 400")]
    [InlineData("set mode", "ERR 400")]
    [InlineData("mode sideways", "ERR 400")]
    [InlineData("users add 12", "ERR 400")]
    [InlineData("users add 1234567", "ERR 400")]
    [InlineData("users add abcd", "ERR 400")]
    [InlineData("users remove 9", "ERR 400")]
    [InlineData("users remove x", "ERR 400")]
    [InlineData("users", "ERR 400")]
    [InlineData("log 0", "ERR 400")]
    [InlineData("log many", "ERR 400")]
    [InlineData("frobnicate", "ERR 404")]
    [InlineData("login", "ERR 400")]
    public void Bad_arguments_are_errors(string line, string prefix)
    {
        var sim = LoggedIn();
        Assert.StartsWith(prefix, LastLine(Send(sim, line)));
        Assert.Equal(1, sim.Events.Last(e => e.Kind == LockEventKind.Console).Code);
    }

    [Fact]
    public void Lock_while_the_motor_runs_is_refused()
    {
        var sim = LoggedIn();
        sim.RunUntil(500);
        sim.Firmware!.RequestUnlock(LockFirmware.Access.OperationSource.Console);
        Assert.StartsWith("ERR 409", LastLine(Send(sim, "lock", maxMs: 20)));
        Assert.StartsWith("ERR 409", LastLine(Send(sim, "calibrate", maxMs: 20)));
    }

    [Fact]
    public void Over_long_and_non_printable_lines_are_rejected()
    {
        var sim = NewLock();
        Assert.StartsWith("ERR 413", LastLine(Send(sim, new string('x', 121))));
        Assert.Equal("OK", LastLine(Send(sim, "status" + new string(' ', 114))));
        Assert.StartsWith("ERR 400", LastLine(Send(sim, "sta\u0001tus")));
        Assert.Equal("OK", LastLine(Send(sim, "stat\bus".Replace("\b", "x\b"))));
    }

    [Fact]
    public void Crlf_line_endings_give_one_reply()
    {
        var sim = NewLock();
        sim.Serial.SendBytes("version\r\n"u8.ToArray(), 9);
        sim.Firmware!.OnInputChanged(LockFirmware.Hal.InputLine.Serial);
        sim.RunUntil(sim.NowMs + 100);
        string r = sim.Serial.TakeOutput();
        Assert.Single(r.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l == "OK");
    }

    [Fact]
    public void Wrong_logins_are_throttled_never_echoed_and_the_throttle_survives_a_power_cut()
    {
        var sim = NewLock();
        Assert.StartsWith("ERR 403", LastLine(Send(sim, "login 11112222")));
        Assert.StartsWith("ERR 403", LastLine(Send(sim, "login 33334444")));
        string third = Send(sim, "login 55556666");
        Assert.StartsWith("ERR 429", LastLine(third));
        Assert.DoesNotContain("5555", third);
        Assert.StartsWith("ERR 429", LastLine(Send(sim, "login " + Technician)));
        sim.PowerCutAt(sim.NowMs + 10, 2000);
        sim.RunUntil(sim.NowMs + 3000);
        string after = Send(sim, "login " + Technician);
        Assert.StartsWith("ERR 429", LastLine(after));
        Assert.NotNull(Value(after, "retry_s"));
        sim.RunUntil(sim.NowMs + TechnicianThrottle.FirstLockoutMs + 1000);
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
    }

    [Fact]
    public void Codes_never_appear_in_any_reply_or_the_log()
    {
        var sim = LoggedIn();
        string all = "";
        foreach (string l in new[] { "users add 97531", "users list", "codes", "status", "diag", "log 200", "trace", "help", "get mode" })
            all += Send(sim, l);
        foreach (string code in new[] { "123456", "87654321", Technician, "97531" })
            Assert.DoesNotContain(code, all);
    }

    [Fact]
    public void Random_lines_never_crash_always_end_in_OK_or_ERR_and_never_show_a_code()
    {
        var sim = LoggedIn();
        string[] words = { "help", "status", "diag", "codes", "version", "login", "log", "trace", "battery", "get", "set", "users", "list", "add", "remove",
                           "mode", "vacation", "normal", "volume", "led", "autorelock_s", "door_ajar_s", "adc_gain", "clock", "0", "1", "99", "-5", "x", "logout" };
        var gen = Gen.OneOf(
            Gen.Int[0, words.Length - 1].Array[1, 4].Select(ix => string.Join(" ", ix.Select(i => words[i]))),
            Gen.Char['!', '~'].Array[0, 60].Select(cs => new string(cs)),
            Gen.Char[' ', '~'].Array[0, 130].Select(cs => new string(cs)));
        gen.Sample(line =>
        {
            if (line.StartsWith("login") || line.Contains("factory") || line.StartsWith("reboot")) return;
            string r = Send(sim, line, maxMs: 200);
            Assert.True(Complete(r), $"no OK/ERR for [{line}]: [{r}]");
            foreach (string code in new[] { "123456", "87654321", Technician })
                Assert.DoesNotContain(code, r);
            if (sim.Firmware!.Console.State == ConsoleState.Guest) Send(sim, "login " + Technician);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Idle_console_poll_allocates_nothing()
    {
        var sim = NewLock();
        sim.RunUntil(1000);
        var fw = sim.Firmware!;
        fw.Poll();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) fw.Console.Poll(1000 + i);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Factory_reset_is_refused_while_a_stroke_runs_and_the_clock_must_be_before_2100()
    {
        var sim = NewLock();
        Assert.Equal("OK", LastLine(Send(sim, "login 24681357")));
        Assert.StartsWith("ERR 400", LastLine(Send(sim, "set clock 99999999999")));
        Assert.Equal("OK", LastLine(Send(sim, "set clock 4102444800")));
        // The unlock's reply comes before its stroke ends: the reset asked for while the motor runs is refused, and the
        // calibration the stroke is judged against is kept.
        sim.ConsoleAt(sim.NowMs, "unlock");
        sim.RunUntil(sim.NowMs + 200);
        Assert.True(sim.Firmware!.Drive.Busy);
        Assert.StartsWith("ERR 409", LastLine(Send(sim, "factory-reset", 100)));
        Assert.True(sim.Firmware.Calibration.Valid);
        sim.RunUntil(sim.NowMs + 3000);
        Assert.Equal("done", Value(Send(sim, "factory-reset"), "factory_reset"));
    }
    [Theory]
    [InlineData("help extra", "help")] [InlineData("status extra", "status")] [InlineData("diag x", "diag")]
    [InlineData("codes x", "codes")] [InlineData("version x", "version")]
    [InlineData("log 3 x", "log [N]")] [InlineData("trace x", "trace")] [InlineData("stroke 1 x", "stroke [1-4]")]
    [InlineData("battery x", "battery")] [InlineData("selftest now", "selftest")] [InlineData("calibrate extra", "calibrate")]
    [InlineData("get mode extra", "get <setting>")] [InlineData("set volume 100 x", "set <setting> <value>")]
    [InlineData("set clock 1767225600 x", "set <setting> <value>")] [InlineData("mode normal x", "mode <name>")]
    [InlineData("users list x", "users list")] [InlineData("users add 1234 5678", "users list")]
    [InlineData("users remove 1 2", "users list")] [InlineData("users master 876543 21", "users list")]
    [InlineData("lock now", "lock")] [InlineData("unlock now", "unlock")] [InlineData("factory-reset now", "factory-reset")]
    [InlineData("reboot now", "reboot")] [InlineData("logout now", "logout")]
    public void Extra_words_are_an_error_with_the_usage_never_ignored(string line, string usage)
    {
        var sim = LoggedIn();
        var fw = sim.Firmware!;
        int users = fw.Credentials.UserCount;
        var state = fw.LockState;
        int volume = fw.Settings.VolumePermille;
        string reply = Send(sim, line, 3000);
        string last = LastLine(reply);
        Assert.StartsWith("ERR 400 too many arguments (usage: ", last);
        Assert.Contains(usage, last);
        Assert.Single(reply.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // Nothing was done: no stroke, no setting, no code, no reboot, no reset, still logged in.
        sim.RunUntil(sim.NowMs + 3000);
        Assert.Same(fw, sim.Firmware);
        Assert.Equal(state, fw.LockState);
        Assert.Equal(users, fw.Credentials.UserCount);
        Assert.Equal(volume, fw.Settings.VolumePermille);
        Assert.True(fw.Calibration.Valid);
        Assert.Equal("technician", Value(Send(sim, "status"), "session"));
        // The words after the command may be a code: never repeated.
        Assert.DoesNotContain("5678", reply);
        Assert.DoesNotContain("876543", reply);
    }

    [Theory]
    // docs/console.md: missing words are ERR 400 with the command's usage. A bare `get` said "unknown setting" (none was
    // named) and a bare `mode` "mode must be ..." instead (hunt7).
    [InlineData("get", "usage: get <setting> (autorelock_s volume")]
    [InlineData("get   ", "usage: get <setting> (autorelock_s volume")]
    [InlineData("mode", "usage: mode <name> (normal|vacation|privacy|passage)")]
    [InlineData("set", "usage: set <setting> <value>")]
    [InlineData("users", "usage: users list")]
    [InlineData("login", "usage: login <credential>")]
    public void A_missing_word_is_answered_with_the_usage(string line, string usage)
    {
        var sim = LoggedIn();
        string last = LastLine(Send(sim, line));
        Assert.StartsWith("ERR 400 " + usage, last);
        Assert.Equal("normal", Value(Send(sim, "get mode"), "mode"));
    }

    [Fact]
    public void A_login_with_extra_words_is_refused_without_counting_as_a_wrong_credential()
    {
        var sim = NewLock();
        for (int i = 0; i < 5; i++) Assert.StartsWith("ERR 400 too many arguments", LastLine(Send(sim, "login 2468 1357")));
        Assert.Equal("OK", LastLine(Send(sim, "login " + Technician)));
    }
}

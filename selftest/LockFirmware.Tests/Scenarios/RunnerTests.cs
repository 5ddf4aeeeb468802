using System.Text.RegularExpressions;
using System.Text;
using LockFirmware.Simulator.Cli;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Scenarios;
using Xunit;

namespace LockFirmware.Tests.Scenarios;

public class RunnerTests
{
    /// <summary>Library scenarios that pass with today's firmware (the others wait for detection being built; see docs/scenarios.md).</summary>
    public static TheoryData<string> Passing => new(ScenarioFiles.MustPass);

    private static (int Code, string Out, string Err, byte[] Json) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var json = new MemoryStream();
        int code = RunCommand.Execute(args, o, e, json);
        return (code, o.ToString(), e.ToString(), json.ToArray());
    }

    [Theory]
    [MemberData(nameof(Passing))]
    public void Library_scenario_passes(string file)
    {
        var r = Run(ScenarioFiles.Path_(file));
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("PASS", r.Out);
    }

    [Theory]
    [InlineData(1)] [InlineData(8)] [InlineData(9)] [InlineData(15)] [InlineData(21)] [InlineData(24)] [InlineData(42)]
    public void A_stiff_bolt_crawling_in_the_cold_is_not_stopped_as_stalled_and_not_called_weak(int seed)
    {
        // friction x2 since fitting at -20 C: the bolt crawls at about 8 mm/s with its running current about 90 % of the stall
        // current. On b684178 the start rule stopped it before its position estimate showed 1 mm at seeds 8, 9, 21 and 24 (the
        // bolt had moved), and stopped, it did not break away again: `jam`; at seed 15 the unlock's retries stalled. Now the
        // in-between samples' commutation ripple says the rotor turns (BoltDrive.RotorTurning), and a stroke whose estimate never
        // reached its running window (25-75 % of the throw) is not judged weak on no current (StrokeAssessor).
        var r = Run(ScenarioFiles.Path_("stiff-actuator-in-hardware-cold.yaml"), "--seed", seed.ToString());
        Assert.True(r.Code == 0, r.Out + r.Err);
    }

    [Theory]
    [InlineData(6)] [InlineData(7)]
    public void An_obstacle_met_by_a_bolt_crawling_on_a_cold_nearly_empty_pack_is_a_jam(int seed)
    {
        // jam-crawl-cold-nearly-empty-pack.yaml at the seeds whose bolt breaks away at the breakaway check's 75 % duty: the
        // crawl meets the obstacle at 16 mm, the standing-rotor witness names the jam and the bolt goes back. (Seed 10 failed
        // on b684178 with misalignment; the run-on past the first attempt's time limit while the ripple is heard,
        // BoltDrive.RotorHeardTurning, lets the crawl reach the obstacle.) The same two seeds, and the same refusals below,
        // since boot9's boot load at every start was merged (boot10).
        var r = Run(ScenarioFiles.Path_("jam-crawl-cold-nearly-empty-pack.yaml"), "--seed", seed.ToString());
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("stroke ended: jammed", r.Out);
        Assert.Contains("FAULT jam", r.Out);
        Assert.Contains("ALARM lock_jammed", r.Out);
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(8)] [InlineData(9)] [InlineData(10)] [InlineData(42)]
    public void A_bolt_that_cannot_break_away_with_force_to_spare_on_a_cold_nearly_empty_pack_is_refused_before_it_moves(int seed)
    {
        // jam-crawl-cold-nearly-empty-pack.yaml's hardware at these seeds: the bolt has not broken away at 75 % duty, so the
        // unlock from wherever it came to rest would have no force to spare (before the breakaway check such crawls were
        // taken back half way when the pack read below the rail's floor, and some could not be moved again: seed 9 was left
        // at 8.1 mm, the unlock stalled). The lock is refused for the pack a moment after it starts, the bolt at its stop.
        var r = Run(ScenarioFiles.Path_("jam-crawl-cold-nearly-empty-pack.yaml"), "--seed", seed.ToString());
        Assert.True(r.Code == 0, r.Out + r.Err);
        var ended = System.Text.RegularExpressions.Regex.Match(r.Out, @"stroke ended: insufficient_battery after ([0-9]+) ms");
        Assert.True(ended.Success, r.Out);
        Assert.True(int.Parse(ended.Groups[1].Value) < 500, r.Out);
        Assert.Contains("operation refused: insufficient_battery", r.Out);
        Assert.DoesNotContain("FAULT jam", r.Out);
        var end = System.Text.RegularExpressions.Regex.Match(r.Out, @"^end .* bolt=([0-9.]+) mm", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(end.Success, r.Out);
        Assert.True(double.Parse(end.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 1, r.Out);
    }

    [Theory]
    [InlineData(18)] [InlineData(38)] [InlineData(42)] [InlineData(56)]
    public void An_extended_switch_stuck_open_on_a_cold_day_is_found_by_the_owners_next_lock(int seed)
    {
        // limit-switch-stuck-open-cold.yaml at the four seeds of 1-60 that failed on 02a9519: the first lock's end-stop check placed the
        // end stop short of its zone (seed 42: 969 permille), so it said jam and went back, and every later lock's estimate read the
        // end stop at 93-95 % because the resistance it runs on was blended from presses whose settled means read the back-EMF of
        // the bolt pushed from the retracted switch into its stop (+13-15 % on the winding). Such a press now gives the blend its
        // clean reading for the position estimate (BoltDrive.PositionMilliohms), and the owner's next lock finds the end stop.
        var r = Run(ScenarioFiles.Path_("limit-switch-stuck-open-cold.yaml"), "--seed", seed.ToString());
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("stroke ended: end_stop_current", r.Out);
        Assert.Contains("FAULT bolt_sensor_fault", r.Out);
    }

    /// <summary>A writer whose every write fails, as a closed pipe or a full disk would.</summary>
    private sealed class BrokenWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => throw new IOException("the output is gone");
        public override void Write(string? value) => throw new IOException("the output is gone");
        public override void WriteLine(string? value) => throw new IOException("the output is gone");
    }

    [Fact]
    public void A_run_stopped_by_an_exception_exits_1_with_what_stopped_it_not_an_abort()
    {
        var e = new StringWriter();
        int code = RunCommand.Execute(new[] { ScenarioFiles.Path_("power-cut.yaml") }, new BrokenWriter(), e, new MemoryStream());
        Assert.Equal(1, code);
        Assert.Contains("internal error: IOException: the output is gone", e.ToString());
        Assert.Contains("FAIL: the run did not complete", e.ToString());
    }

    [Fact]
    public void A_failing_expectation_exits_1_and_says_expected_and_actual()
    {
        string path = Path.Combine(Path.GetTempPath(), $"locksim-fail-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: wrong on purpose\nsteps:\n  - at: 1s\n    keys: \"123456#\"\nexpect:\n  - at: 8s\n    lock_state: locked\n");
        try
        {
            var r = Run(path);
            Assert.Equal(1, r.Code);
            Assert.Contains(":6: at 8s: lock_state expected locked, got unlocked", r.Out);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Without_run_until_the_end_waits_for_the_last_steps_stroke_to_finish()
    {
        // A cold stiff bolt (x2.2 injected at -25 C): each stroke takes 5-7 s and the lock is seated at its end stop, so the
        // unlock the last step's code starts at about 47 s (seed 6) is still crawling at the derived end (45 s + 7 keys x 520 ms
        // + 5 s = 53.64 s). Judged there (main before this), `at: end` read the lock locked, the motor energised and one unlock.
        string path = Path.Combine(Path.GetTempPath(), $"locksim-tail-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: the last unlock runs past the tail\nhardware:\n  temperature_c: -25\n  battery: { chemistry: alkaline, state_of_charge: 0.7 }\n"
            + "start: unlocked\nsteps:\n  - at: 1s\n    inject: { fault: stiff_actuator, friction_factor: 2.2 }\n  - at: 2s\n    keys: \"#\"\n"
            + "  - at: 15s\n    keys: \"123456#\"\n  - at: 30s\n    keys: \"#\"\n  - at: 45s\n    keys: \"123456#\"\n"
            + "expect:\n  - at: end\n    lock_state: unlocked\n    motor_energised: false\n    locks: 2\n    unlocks: 2\n");
        try
        {
            var r = Run(path, "--seed", "6", "--json");
            Assert.True(r.Code == 0, r.Out + r.Err);
            string summary = Encoding.UTF8.GetString(r.Json).Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
            var t = System.Text.RegularExpressions.Regex.Match(summary, "\"t_ms\":(\\d+)");
            long endMs = long.Parse(t.Groups[1].Value);
            // Past the derived end (the wait happened), within its limit.
            Assert.InRange(endMs, 53_641, 53_640 + Scenario.StrokeWaitLimitMs);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Console_lines_sent_while_the_lock_has_no_power_are_lost()
    {
        // Bytes sent to an unpowered ESP32 reach no UART. The simulator queued them, and an `unlock` typed during a power cut
        // opened the door when the power came back (blind acceptance tests, 2026-11-28). A line after the cut is answered.
        string path = Path.Combine(Path.GetTempPath(), $"locksim-cut-console-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: console during a power cut\nstart: locked\nsteps:\n  - at: 2s\n    power_cut: 10s\n"
            + "  - at: 4s\n    console: \"login 24681357\"\n  - at: 5s\n    console: unlock\n  - at: 6s\n    console: status\n"
            + "  - at: 20s\n    console: version\n"
            + "expect:\n  - at: 18s\n    lock_state: locked\n    unlocks: 0\n  - at: end\n    console_contains: \"firmware=\"\n");
        try
        {
            var r = Run(path, "--json");
            Assert.True(r.Code == 0, r.Out + r.Err);
            string json = Encoding.UTF8.GetString(r.Json);
            // The three lines sent during the cut are shown as not received, and nothing answered them; the version at 20 s was.
            var lines = json.Split('\n');
            var consoleIn = lines.Where(l => l.Contains("\"type\":\"console\"") && l.Contains("\"direction\":\"in\"")).ToList();
            Assert.Equal(4, consoleIn.Count);
            Assert.All(consoleIn.Take(3), l => Assert.Contains("\"received\":false", l));
            Assert.DoesNotContain("received", consoleIn[3]);
            Assert.DoesNotContain(lines, l => l.Contains("\"direction\":\"out\"") && (l.Contains("session=") || l.Contains("lock_state=")));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_bad_file_exits_2_with_file_line_reason_on_stderr()
    {
        string path = Path.Combine(Path.GetTempPath(), $"locksim-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: bad\nsteps:\n  - at: 1s\n    inject: { fault: gremlin }\n");
        try
        {
            var r = Run(path);
            Assert.Equal(2, r.Code);
            Assert.StartsWith($"{path}:4: unknown fault 'gremlin'", r.Err);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("--frobnicate")]
    [InlineData("--seed")]
    [InlineData("--seed", "x")]
    public void Bad_arguments_exit_2(params string[] extra)
    {
        var r = Run(new[] { ScenarioFiles.Path_("motor-short.yaml") }.Concat(extra).ToArray());
        Assert.Equal(2, r.Code);
        Assert.NotEmpty(r.Err);
    }

    [Fact]
    public void Json_output_is_byte_identical_for_the_same_file_and_seed()
    {
        var a = Run(ScenarioFiles.Path_("jam-while-locking.yaml"), "--json", "--seed", "7");
        var b = Run(ScenarioFiles.Path_("jam-while-locking.yaml"), "--json", "--seed", "7");
        Assert.Equal(a.Json, b.Json);
        string[] lines = Encoding.UTF8.GetString(a.Json).TrimEnd('\n').Split('\n');
        Assert.Contains(lines, l => l.Contains("\"type\":\"fault\",\"fault\":\"jam\",\"code\":11"));
        Assert.StartsWith("{\"type\":\"summary\",\"t_ms\":", lines[^1]);
        foreach (string key in new[] { "lock_state", "door_state", "faults_active", "faults_seen", "alarms", "battery_mv", "battery_level", "locks", "unlocks", "bolt_mm", "motor_energised", "mcu_running", "expectations_failed" })
            Assert.Contains($"\"{key}\":", lines[^1]);
    }

    [Fact]
    public void Trace_csv_has_the_contract_header_and_1ms_rows_while_the_motor_runs()
    {
        string path = Path.Combine(Path.GetTempPath(), $"locksim-trace-{Guid.NewGuid():N}.csv");
        try
        {
            var r = Run(ScenarioFiles.Path_("motor-short.yaml"), "--trace", path);
            Assert.Equal(0, r.Code);
            string[] lines = File.ReadAllLines(path);
            Assert.Equal(TraceRecorder.Header, lines[0]);
            Assert.Equal("t_ms,bridge,duty_permille,motor_v,motor_ma,motor_ma_measured,bolt_mm,battery_mv,battery_mv_measured,lock_state", lines[0]);
            Assert.Contains(lines, l => l.Split(',')[1] is "forward" or "reverse");
            var times = lines.Skip(1).Select(l => long.Parse(l.Split(',')[0])).ToList();
            Assert.True(times.Zip(times.Skip(1)).All(p => p.Second - p.First is > 0 and <= 1000));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Recording_a_trace_does_not_change_the_run()
    {
        var plain = Run(ScenarioFiles.Path_("jam-while-locking.yaml"), "--json");
        string path = Path.Combine(Path.GetTempPath(), $"locksim-trace-{Guid.NewGuid():N}.csv");
        try
        {
            var traced = Run(ScenarioFiles.Path_("jam-while-locking.yaml"), "--json", "--trace", path);
            Assert.Equal(plain.Json, traced.Json);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_trace_shows_each_reported_lock_state_at_its_time_before_a_quiet_stretch()
    {
        // A calibration run ends (unlocked, bridge to coast) and the lock idles: the trace sampled only at the end of the
        // quiet jump that followed and showed the last brake and "locked" for 8 s more, until the next poll or expectation
        // (blind acceptance tests, 2026-11-28).
        string path = Path.Combine(Path.GetTempPath(), $"locksim-trace-{Guid.NewGuid():N}.csv");
        try
        {
            var r = RunYaml("name: calibrate then idle\nstart: locked\nsteps:\n  - at: 1s\n    console: login 24681357\n" +
                            "  - at: 2s\n    console: calibrate\nrun_until: 20s\n", "--seed", "2", "--json", "--trace", path);
            Assert.True(r.Code == 0, r.Out + r.Err);
            string[] rows = File.ReadAllLines(path)[1..];
            var states = r.Json.Split('\n').Where(l => l.Contains("\"type\":\"state\"")).ToList();
            Assert.NotEmpty(states);
            foreach (string line in states)
            {
                long t = long.Parse(Regex.Match(line, "\"t_ms\":(\\d+)").Groups[1].Value);
                string state = Regex.Match(line, "\"lock_state\":\"(\\w+)\"").Groups[1].Value;
                // Within 5 ms of the event (the next plant step or the poll's own sample), the trace says the same.
                Assert.Contains(rows, row => { var c = row.Split(','); long rt = long.Parse(c[0]); return rt >= t && rt <= t + 5 && c[9] == state; });
            }
            // And nothing after the run's last state event still shows the brake.
            long last = long.Parse(Regex.Match(states[^1], "\"t_ms\":(\\d+)").Groups[1].Value);
            Assert.DoesNotContain(rows, row => { var c = row.Split(','); return long.Parse(c[0]) > last + 50 && c[1] == "brake"; });
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_step_at_run_until_has_its_reaction_before_the_run_ends()
    {
        // The run stopped before the reed's edge reached the firmware: door_state closed at end (blind acceptance tests).
        var r = RunYaml("name: door at the end\nrun_until: 10s\nsteps:\n  - at: 10s\n    door_forced_open: true\n" +
                        "expect:\n  - at: 10s\n    door_state: forced_open\n  - at: end\n    alarms: [door_forced_open]\n");
        Assert.True(r.Code == 0, r.Out + r.Err);
    }

    [Fact]
    public void Plot_writes_a_png()
    {
        string path = Path.Combine(Path.GetTempPath(), $"locksim-plot-{Guid.NewGuid():N}.png");
        try
        {
            var r = Run(ScenarioFiles.Path_("jam-while-locking.yaml"), "--plot", path);
            Assert.True(r.Code == 0, r.Err);
            byte[] png = File.ReadAllBytes(path);
            Assert.True(png.Length > 10_000);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_plots_firmware_battery_line_breaks_where_the_mcu_was_off()
    {
        // power-cut.yaml: the trace has no firmware reading during the 1 s cut; the plot draws one line per stretch with a
        // reading (it used to join the last reading before the cut to the first after it).
        string path = Path.Combine(Path.GetTempPath(), $"locksim-trace-{Guid.NewGuid():N}.csv");
        try
        {
            var r = Run(ScenarioFiles.Path_("power-cut.yaml"), "--trace", path);
            Assert.True(r.Code == 0, r.Err);
            string[] rows = File.ReadAllLines(path)[1..];
            int column = Array.IndexOf(TraceRecorder.Header.Split(','), "battery_mv_measured");
            var present = rows.Select(l => l.Split(',')[column].Length > 0).ToArray();
            var segments = PlotRenderer.Segments(Enumerable.Range(0, rows.Length).ToArray(), i => present[i]);
            Assert.Equal(2, segments.Count);
            Assert.All(segments, seg => Assert.All(seg, i => Assert.True(present[i])));
            Assert.Equal(present.Count(p => p), segments.Sum(seg => seg.Length));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Console_host_sends_sim_commands_to_the_plant_and_other_lines_to_the_firmware()
    {
        var sim = new SimulatedLock(new SimOptions());
        var shown = new StringBuilder();
        var host = new ConsoleHost(sim, s => shown.Append(s));
        host.Enqueue("sim inject jam position_mm=8");
        host.Enqueue("sim keys 123456#");
        host.Pump(8000);
        Assert.Equal(1, sim.Unlocks);
        host.Enqueue("sim keys #");
        host.Pump(20000);
        Assert.Contains(LockFirmware.Diagnosis.FaultCode.Jam, sim.FaultsSeen);
        host.Enqueue("sim inject gremlin");
        host.Enqueue("status");
        host.Pump(21000);
        Assert.Contains("ERR sim unknown fault 'gremlin'", shown.ToString());
    }

    [Fact]
    public void Console_host_prints_replies_in_the_order_the_lines_came_and_answers_the_last_piped_line()
    {
        // Piped lines arrive together; the firmware answers over virtual time, a sim line at once: `status` then
        // `sim status` printed the simulator's reply first (blind acceptance tests, 2026-11-28).
        var sim = new SimulatedLock(new SimOptions());
        var shown = new StringBuilder();
        var host = new ConsoleHost(sim, s => shown.Append(s));
        host.Enqueue("status");
        host.Enqueue("sim status");
        host.Enqueue("version");
        host.Pump(0);
        host.AwaitReplies();
        string s = shown.ToString();
        int firmware = s.IndexOf("session=guest", StringComparison.Ordinal);
        int simulator = s.IndexOf("bolt_mm=", StringComparison.Ordinal);
        Assert.True(firmware >= 0 && simulator > firmware, s);
        // The line after the sim line is answered too, though the sim line ran virtual time on past the wall clock.
        Assert.Contains("firmware=", s[simulator..]);
    }

    [Fact]
    public void Console_host_refuses_non_ascii_as_the_firmware_does_and_sim_errors_keep_their_own_numbers()
    {
        var sim = new SimulatedLock(new SimOptions());
        var shown = new StringBuilder();
        var host = new ConsoleHost(sim, s => shown.Append(s));
        // docs/console.md: a non-printable byte is ERR 400. The link used to send ASCII, so 'ä' arrived as '?' and
        // the line was an unknown command (ERR 404).
        host.Enqueue("st\u00e4tus");
        host.Pump(1000);
        Assert.Contains("ERR 400 non-printable character in line", shown.ToString());
        Assert.DoesNotContain("ERR 404", shown.ToString());
        // A sim error masks a code the person typed, not the numbers of its own text (the range, the keypad's keys).
        host.Enqueue("sim inject adc_stuck channel=motor_current counts=4096");
        host.Enqueue("sim keys 12a");
        host.Enqueue("sim door 24681357");
        host.Pump(2000);
        string s = shown.ToString();
        Assert.Contains("ERR sim counts ******** is out of range (0..4095)", s);
        Assert.Contains("(123456789*0#)", s);
        Assert.Contains("not '********'", s);
        Assert.DoesNotContain("24681357", s);
    }

    [Fact]
    public void Console_host_refuses_a_second_entry_while_one_is_typed_and_joins_overlapping_power_cuts()
    {
        var sim = new SimulatedLock(new SimOptions());
        var shown = new StringBuilder();
        var host = new ConsoleHost(sim, s => shown.Append(s));
        // A second `sim keys` was typed into the first: the lock read a wrong code and unlocked nothing.
        host.Enqueue("sim keys 123456#");
        host.Pump(500);
        host.Enqueue("sim keys 123456#");
        host.Pump(8000);
        Assert.Contains("ERR sim keys are still being typed until", shown.ToString());
        Assert.Equal(1, sim.Unlocks);
        Assert.DoesNotContain(sim.Events, e => e.Kind == LockFirmware.Runtime.LockEventKind.OperationError);
        // A cut typed while the power is off ends with the longer one: it used to come back at the first one's end.
        host.Enqueue("sim power_cut 3s");
        host.Pump(9000);
        host.Enqueue("sim power_cut 1s");
        host.Pump(10500);
        Assert.False(sim.Plant.McuPowered);
        host.Pump(11100);
        Assert.True(sim.Plant.McuPowered);
        Assert.Single(shown.ToString().Split('\n'), l => l.Contains("power restored"));
    }

    private static (int Code, string Out, string Err, string Json) RunYaml(string yaml, params string[] args)
    {
        string path = Path.Combine(Path.GetTempPath(), $"locksim-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try
        {
            var r = Run(new[] { path }.Concat(args).ToArray());
            return (r.Code, r.Out.Replace(path, "f.yaml"), r.Err.Replace(path, "f.yaml"), Encoding.UTF8.GetString(r.Json).Replace(path, "f.yaml"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void An_expectation_at_the_time_of_a_step_sees_the_firmwares_reaction()
    {
        // The console reply comes in the same millisecond, the door alarm 1 ms later (the next plant step shows the reed's
        // edge); at 3 min the lock deep-sleeps and the line wakes it (0.8 s boot) before it is answered; at the end of a
        // power cut the lock has started (10 ms reset delay).
        var r = RunYaml("name: same time\nsteps:\n  - at: 5s\n    console: version\n  - at: 6s\n    door_forced_open: true\n" +
                        "  - at: 3m\n    console: status\n  - at: 4m\n    power_cut: 2s\n" +
                        "expect:\n  - at: 5s\n    console_contains: \"firmware=\"\n  - at: 6s\n    door_state: forced_open\n    alarms: [door_forced_open]\n" +
                        "  - at: 3m\n    console_contains: \"uptime_s=180\"\n  - at: 4m2s\n    lock_state: locked\n    alarms: [lock_power_cycled]\n");
        Assert.True(r.Code == 0, r.Out + r.Err);
    }

    [Fact]
    public void An_expectation_at_the_time_of_a_keys_step_sees_only_the_first_key()
    {
        var r = RunYaml("name: typing\nsteps:\n  - at: 1s\n    keys: \"123456#\"\nexpect:\n  - at: 1s\n    lock_state: unlocked\n  - at: 4s\n    lock_state: unlocked\n");
        Assert.Equal(1, r.Code);
        Assert.Contains("f.yaml:6: at 1s: lock_state expected unlocked, got locked", r.Out);
        Assert.DoesNotContain("f.yaml:8:", r.Out.Split("expectations:")[1].Replace("ok    f.yaml:8:", ""));
    }

    [Fact]
    public void Steps_and_expectations_at_run_until_happen()
    {
        // Both were silently dropped before: the run stopped before the end instant's actions.
        var r = RunYaml("name: end instant\nrun_until: 5s\nsteps:\n  - at: 5s\n    console: version\n" +
                        "expect:\n  - at: 5s\n    lock_state: unlocked\n  - at: end\n    console_contains: \"firmware=\"\n");
        Assert.Equal(1, r.Code);
        Assert.Contains("f.yaml:7: at 5s: lock_state expected unlocked, got locked", r.Out);
        Assert.Contains("ok    f.yaml:9: at end: console_contains", r.Out);
    }

    [Fact]
    public void Keys_started_while_a_woken_keypad_is_still_being_typed_on_exit_2()
    {
        // At 2 min the lock deep-sleeps: the person wakes it and types 1.5 s later, so the second entry would interleave.
        var r = RunYaml("name: wake overlap\nsteps:\n  - at: 2m\n    keys: \"#\"\n  - at: 2m1s\n    keys: \"#\"\n");
        Assert.Equal(2, r.Code);
        Assert.StartsWith("f.yaml:5: keys at 2m1s start while the keys of line 3 are still being typed", r.Err);
    }

    [Fact]
    public void Scenario_console_sim_lines_go_to_the_simulator()
    {
        var r = RunYaml("name: sim family\nsteps:\n  - at: 1s\n    console: sim status\n  - at: 2s\n    console: sim door_forced_open\n" +
                        "expect:\n  - at: 1s\n    console_contains: \"bolt_mm=\"\n  - at: end\n    faults_seen: [door_forced_open]\n    console_contains: \"mcu_running=true\\nlock_state=locked\\nOK\"\n", "--json");
        Assert.True(r.Code == 0, r.Json + r.Err);
        Assert.DoesNotContain("ERR", r.Json);
        Assert.Contains("{\"t_ms\":1000,\"type\":\"console\",\"direction\":\"out\",\"line\":\"bolt_mm=", r.Json);
    }

    [Fact]
    public void The_console_echo_masks_credentials_and_codes()
    {
        string yaml = "name: echo\nsteps:\n  - at: 1s\n    console: login 24681357\n  - at: 2s\n    console: users add 9090\n" +
                      "  - at: 3s\n    console: users master 7171717\n" +
                      "expect:\n  - at: end\n    console_contains: \"slot=1\"\n  - at: end\n    console_contains: \"master=set\"\n";
        var (json, text) = RunShowingNone(yaml, "24681357", "9090", "7171717");
        Assert.Contains("console< users master ********", text.Out);
        Assert.Contains("\"line\":\"login ********\"", json.Json);
        Assert.Contains("console< users add ********", text.Out);
        Assert.Contains("console: command ok", text.Out);
        Assert.DoesNotContain("console: \n", text.Out.Replace("\r", ""));
        Assert.Equal("users list", ConsoleEcho.Mask("users list"));
        Assert.Equal("login", ConsoleEcho.Mask("login"));
    }

    /// <summary>Runs <paramref name="yaml"/> as JSON and as a timeline, both passing, neither showing any of <paramref name="codes"/>.</summary>
    private static ((int Code, string Out, string Err, string Json) Json, (int Code, string Out, string Err, string Json) Text) RunShowingNone(string yaml, params string[] codes)
    {
        var json = RunYaml(yaml, "--json");
        var text = RunYaml(yaml);
        Assert.True(json.Code == 0 && text.Code == 0, json.Json + json.Err + text.Out + text.Err);
        foreach (string output in new[] { json.Json, text.Out })
            foreach (string code in codes) Assert.DoesNotContain(code, output);
        return (json, text);
    }

    [Fact]
    public void The_echo_masks_codes_on_lines_the_console_refuses_and_keys_typed()
    {
        // Found in the security audit: only a well-formed `login x` / `users add x` was masked. The credential typed with
        // caps lock on, after a tab, on its own, or a code typed at the keypad or by `sim keys` was printed in clear into
        // the timeline and the JSON `in` lines (run outputs end up in CI logs).
        string yaml = "name: echo refused\nsteps:\n  - at: 1s\n    console: LOGIN 24681357\n  - at: 2s\n    console: \"login\\t24681357\"\n" +
                      "  - at: 3s\n    console: \"24681357\"\n  - at: 4s\n    console: status 24681357\n  - at: 5s\n    keys: \"123456#\"\n" +
                      "  - at: 10s\n    console: sim keys 8765\n" +
                      "expect:\n  - at: end\n    unlocks: 1\n";
        var (_, text) = RunShowingNone(yaml, "24681357", "123456", "8765");
        Assert.Contains("console< LOGIN ********", text.Out);
        Assert.Contains("keypad: [digits] #", text.Out);
        // A sim command's error quotes the word it refused: masked too.
        var bad = RunYaml("name: sim word\nsteps:\n  - at: 1s\n    console: sim clear 24681357\n");
        Assert.Equal(2, bad.Code);
        Assert.Contains("unknown fault '********'", bad.Err);
        // Lines whose words carry no code stay as typed.
        Assert.Equal("log 50", ConsoleEcho.Mask("log 50"));
        Assert.Equal("set auto_relock_s 30", ConsoleEcho.Mask("set auto_relock_s 30"));
        // A value the console refuses may be a code typed into the wrong command (`set mode 24681357` was shown in clear,
        // blind acceptance tests 2026-11-28): every run of 4+ digits in a setting's value or a count is masked.
        Assert.Equal("set mode ********", ConsoleEcho.Mask("set mode 24681357"));
        Assert.Equal("mode ********", ConsoleEcho.Mask("mode 123456"));
        Assert.Equal("get ********", ConsoleEcho.Mask("get 87654321"));
        Assert.Equal("set clock ********", ConsoleEcho.Mask("set clock 1700000000"));
        Assert.Equal("log ********", ConsoleEcho.Mask("log 1000"));
        Assert.Equal("users remove 3", ConsoleEcho.Mask("users remove 3"));
        Assert.Equal("sim inject adc_stuck channel=battery counts=4095", ConsoleEcho.Mask("sim inject adc_stuck channel=battery counts=4095"));
        Assert.Equal("keypad: * * [digits] #", ConsoleEcho.Keys("**87654321#"));
    }

    [Fact]
    public void A_console_line_may_carry_DEL_which_the_console_takes_as_backspace()
    {
        var r = RunYaml("name: del\nsteps:\n  - at: 1s\n    console: \"versionx\\x7F\"\nexpect:\n  - at: 1s\n    console_contains: \"firmware=\"\n");
        Assert.True(r.Code == 0, r.Out + r.Err);
    }

    [Fact]
    public void A_seized_bolt_in_the_hardware_is_a_lock_that_seized_after_fitting()
    {
        // friction_factor 100 is inside the documented range (0.1..100): it used to stop provisioning (exit 2, "cannot
        // be provisioned on this hardware") because the fitting's calibration ran against it. It is applied after the
        // calibration now, as strike_offset_mm is: the lock starts, and the first stroke names the seized bolt.
        var r = RunYaml("name: seized\nhardware:\n  friction_factor: 100\nsteps:\n  - at: 1s\n    keys: \"123456#\"\n" +
                        "expect:\n  - at: end\n    faults_seen: [jam, stiff_actuator]\n    lock_state: locked\n    unlocks: 0\n    motor_energised: false\n");
        Assert.True(r.Code == 0, r.Out + r.Err);
    }
    [Fact]
    public void The_timeline_says_what_a_door_step_did_against_a_thrown_bolt()
    {
        // Pulling a locked door leaves it shut; pushing an open door to with the bolt thrown leaves it ajar (bolt on the
        // frame, reed open). The timeline used to print "door opened" / "door closed" for both.
        var r = RunYaml("name: door\nstart: locked\nsteps:\n  - at: 1s\n    door: open\n  - at: 3s\n    keys: \"123456#\"\n" +
                        "  - at: 8s\n    door: open\n  - at: 10s\n    keys: \"#\"\n  - at: 14s\n    door: closed\n" +
                        "expect:\n  - at: 2s\n    door_state: closed\n  - at: 15s\n    door_state: open\n    lock_state: locked\n");
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("1.000s  > door pulled: held shut by the thrown bolt", r.Out);
        Assert.Contains("8.000s  > door opened", r.Out);
        Assert.Contains("14.000s  > door pushed to: the thrown bolt hits the frame, door stays ajar", r.Out);
        Assert.DoesNotContain("> door closed", r.Out);
    }
}

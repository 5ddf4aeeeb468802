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
}

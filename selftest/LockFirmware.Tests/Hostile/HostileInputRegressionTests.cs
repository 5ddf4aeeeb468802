using LockFirmware.Simulator.Cli;
using LockFirmware.Simulator.Scenarios;
using LockFirmware.Tests.Scenarios;
using Xunit;

namespace LockFirmware.Tests.Hostile;

/// <summary>
/// The inputs the hostile input properties (<see cref="HostileInputTests"/>) found stopping or fooling <c>locksim run</c>,
/// each kept as a focused test (docs/architecture.md, "Hostile input properties").
/// </summary>
public sealed class HostileInputRegressionTests
{
    private static ScenarioException Refused(string yaml) => Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(yaml, "bad.yaml"));

    [Theory]
    [InlineData("\u0661s")]          // Arabic-Indic one: .NET's \d matched it, decimal.Parse threw FormatException (exit 134)
    [InlineData("1m\u0663s")]
    [InlineData("\uff11\uff12s")]     // fullwidth digits
    public void A_time_in_other_scripts_digits_is_refused_not_a_crash(string time)
    {
        var e = Refused($"name: x\nsteps:\n  - at: {time}\n    keys: \"#\"\n");
        Assert.Equal(3, e.Line);
        Assert.Contains("is not a time", e.Reason);
        Assert.False(Duration.TryParse(time, out _, out _));
        Assert.Contains("is not a time", Refused($"name: x\nsteps:\n  - at: 1s\n    power_cut: {time}\n").Reason);
    }

    [Theory]
    [InlineData("sim temperature_c NaN", "temperature_c must be a number")]
    [InlineData("sim temperature_c nan", "temperature_c must be a number")]
    [InlineData("sim battery_swap alkaline NaN", "state_of_charge must be a number")]
    [InlineData("sim battery_swap lithium nan", "state_of_charge must be a number")]
    public void A_sim_line_with_NaN_is_refused_by_the_loader_not_stopped_in_the_run(string line, string reason)
    {
        // Before: loaded, then the plant refused NaN mid-run ("the run stopped on an internal error", exit 1).
        var e = Refused($"name: x\nsteps:\n  - at: 1s\n    console: {line}\n");
        Assert.Equal(4, e.Line);
        Assert.Contains(reason, e.Reason);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void Nesting_deep_enough_to_overflow_the_stack_is_refused(string open, string close)
    {
        // 100,000 levels overflowed the stack while YamlDotNet built the tree: the process died (exit 134), nothing catches it.
        // Thousands of levels are enough to show the refusal here without risking the test host on the old code.
        int depth = 3000;
        string yaml = "name: x\nsteps: " + string.Concat(Enumerable.Repeat(open, depth)) + string.Concat(Enumerable.Repeat(close, depth)) + "\n";
        var e = Refused(yaml);
        Assert.Equal(2, e.Line);
        Assert.Contains($"nested more than {ScenarioLoader.MaxDepth} deep", e.Reason);
    }

    [Fact]
    public void Nesting_within_the_limit_still_gets_the_usual_reason()
    {
        var e = Refused("name: x\nsteps: [[[[1]]]]\n");
        Assert.Contains("a step must be a mapping", e.Reason);
    }

    [Theory]
    [InlineData("--trace")]
    [InlineData("--trace=")]
    [InlineData("--plot")]
    public void An_output_named_like_the_scenario_file_is_refused_and_the_file_kept(string option)
    {
        string dir = Directory.CreateTempSubdirectory("yfuzz-reg-").FullName;
        try
        {
            // A scenario file whose name ends .png can be the --plot name too.
            string file = Path.Combine(dir, option == "--plot" ? "s.png" : "s.yaml");
            string text = File.ReadAllText(ScenarioFiles.Path_("power-cut.yaml"));
            File.WriteAllText(file, text);
            var o = new StringWriter();
            var err = new StringWriter();
            string[] args = option.EndsWith('=') ? new[] { file, option + Path.Combine(dir, ".", "s.yaml") } : new[] { file, option, file };
            int code = RunCommand.Execute(args, o, err, new MemoryStream());
            // Before: exit 0, and the scenario file held the trace.
            Assert.Equal(2, code);
            Assert.Contains("would overwrite the scenario file", err.ToString());
            Assert.Equal(text, File.ReadAllText(file));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Trace_and_plot_naming_the_same_file_are_refused()
    {
        string dir = Directory.CreateTempSubdirectory("yfuzz-reg-").FullName;
        try
        {
            string png = Path.Combine(dir, "out.png");
            var err = new StringWriter();
            int code = RunCommand.Execute(new[] { ScenarioFiles.Path_("power-cut.yaml"), "--trace", png, "--plot", png }, new StringWriter(), err, new MemoryStream());
            Assert.Equal(2, code);
            Assert.Contains("--trace and --plot name the same file", err.ToString());
            Assert.False(File.Exists(png));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void An_empty_argument_before_the_file_is_refused_not_skipped()
    {
        // `locksim run "$UNSET" s.yaml` ran s.yaml as if the empty argument was not there (exit 0).
        var err = new StringWriter();
        int code = RunCommand.Execute(new[] { "", ScenarioFiles.Path_("power-cut.yaml") }, new StringWriter(), err, new MemoryStream());
        Assert.Equal(2, code);
        Assert.Contains("an empty argument ('') is not a scenario file", err.ToString());
    }

    [Fact]
    public void Steps_repeated_past_a_million_occurrences_are_refused_at_once()
    {
        // 200 aliases of a 100,000-times repeat: 6 s and 2.4 GB before the overlap check refused it; the memory grows with the number of aliases.
        string yaml = "name: x\nsteps:\n  - &a { at: 0, repeat: { every: 1ms, times: 100000, console: \"sim power_cut 1ms\" } }\n" +
                      string.Concat(Enumerable.Repeat("  - *a\n", 200));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var e = Refused(yaml);
        Assert.Equal(2, e.Line);
        Assert.Contains($"the steps happen 20,100,000 times in all (repetitions counted); a scenario may have at most {ScenarioLoader.MaxOccurrences.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}", e.Reason);
        Assert.True(sw.ElapsedMilliseconds < 2000, $"{sw.ElapsedMilliseconds} ms");
    }
}

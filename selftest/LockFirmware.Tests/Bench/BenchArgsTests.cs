using System.Text.RegularExpressions;
using LockFirmware.Bench.Shared;
using LockFirmware.Tests.NanoGate;
using ActuationCli = LockFirmware.Bench.ActuationBench.CommandLine;
using ChemistryCli = LockFirmware.Bench.ChemistryBench.CommandLine;
using DiagnosisCli = LockFirmware.Bench.DiagnosisBench.CommandLine;
using LoopSpeedCli = LockFirmware.Bench.LoopSpeed.CommandLine;
using PerfReportCli = LockFirmware.Bench.PerfReport.CommandLine;
using PlantSpeedCli = LockFirmware.Bench.PlantSpeed.CommandLine;
using PowerCli = LockFirmware.Bench.PowerBench.CommandLine;
using PowerCutCli = LockFirmware.Bench.PowerCutBench.CommandLine;
using StrandCli = LockFirmware.Bench.StrandBench.CommandLine;

namespace LockFirmware.Tests.Benches;

/// <summary>
/// The benches' shared argument parser (bench/Shared/BenchArgs.cs) on every bench's real declaration
/// (bench/*/CommandLine.cs): help, each kind of bad input (message and usage on stderr, exit 2), and the command lines
/// bench/run-all.sh and the docs quote, which must read as the benches read them before the parser.
/// </summary>
public class BenchArgsTests
{
    private static readonly Dictionary<string, Func<BenchArgs>> Specs = new()
    {
        ["ActuationBench"] = ActuationCli.Spec,
        ["ChemistryBench"] = ChemistryCli.Spec,
        ["DiagnosisBench"] = DiagnosisCli.Spec,
        ["LoopSpeed"] = LoopSpeedCli.Spec,
        ["PerfReport"] = PerfReportCli.Spec,
        ["PlantSpeed"] = PlantSpeedCli.Spec,
        ["PowerBench"] = PowerCli.Spec,
        ["PowerCutBench"] = PowerCutCli.Spec,
        ["StrandBench"] = StrandCli.Spec,
    };

    public static TheoryData<string> Benches() => new(Specs.Keys.ToArray());

    private static (int? Code, string Out, string Err, BenchArgs.Result Result) Run(string bench, params string[] args)
    {
        var spec = Specs[bench]();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int? code = spec.Check(args, stdout, stderr, out var result);
        return (code, stdout.ToString(), stderr.ToString(), result);
    }

    private static BenchArgs.Result Valid(string bench, params string[] args)
    {
        var (code, _, err, result) = Run(bench, args);
        Assert.True(code == null, $"{bench} {string.Join(' ', args)}: exit {code}, {err}");
        Assert.Equal("", err);
        return result;
    }

    private static void Rejects(string bench, string[] args, string expectedError)
    {
        var (code, stdout, err, _) = Run(bench, args);
        Assert.Equal(BenchArgs.UsageExitCode, code);
        Assert.Equal("", stdout);
        string[] lines = err.Split(Environment.NewLine);
        Assert.Equal($"{bench}: {expectedError}", lines[0]);
        Assert.StartsWith("usage: dotnet run -c Release --project bench/" + bench, lines[1]);
    }

    [Theory]
    [MemberData(nameof(Benches))]
    public void Help_and_h_print_the_usage_to_stdout_and_exit_0_whatever_else_is_given(string bench)
    {
        foreach (var args in new[] { new[] { "--help" }, new[] { "-h" }, new[] { "--bogus", "--help" }, new[] { "-h", "--seed", "x" } })
        {
            var (code, stdout, err, result) = Run(bench, args);
            Assert.Equal(0, code);
            Assert.True(result.Help);
            Assert.Equal("", err);
            Assert.Equal(Specs[bench]().Usage + Environment.NewLine, stdout);
            Assert.StartsWith($"usage: dotnet run -c Release --project bench/{bench} -- ", stdout);
        }
    }

    [Theory]
    [MemberData(nameof(Benches))]
    public void An_unknown_option_is_an_error_not_ignored(string bench)
    {
        Rejects(bench, new[] { "--bogus" }, "unknown option --bogus");
        Rejects(bench, new[] { "-x" }, "unknown option -x");
    }

    [Fact]
    public void A_misspelt_option_is_an_error_not_a_run_on_defaults()
    {
        Rejects("LoopSpeed", new[] { "--seeds", "5" }, "unknown option --seeds");
        Rejects("ChemistryBench", new[] { "--seed", "5" }, "unknown option --seed");
        Rejects("ActuationBench", new[] { "--normal", "20", "--jam", "3" }, "unknown option --jam");
        Rejects("PerfReport", new[] { "--log", "docs/performance/logs" }, "unknown option --log");
    }

    [Fact]
    public void A_stray_word_is_an_error_and_PowerBench_names_the_words_it_takes()
    {
        Rejects("PowerCutBench", new[] { "--cuts", "10", "5" }, "unexpected argument '5'");
        Rejects("PowerBench", new[] { "alkline" }, "unknown word 'alkline' (accepted: alkaline, lithium, +20, -20)");
        Rejects("PowerBench", new[] { "+25", "--seed", "2" }, "unknown word '+25' (accepted: alkaline, lithium, +20, -20)");
        Rejects("PowerBench", new[] { "-25" }, "unknown word '-25' (accepted: alkaline, lithium, +20, -20)");
    }

    [Fact]
    public void A_value_option_at_the_end_or_before_another_option_is_missing_its_value()
    {
        Rejects("PowerCutBench", new[] { "--cuts", "10", "--seed" }, "--seed needs a whole number from 0 to 2,147,483,646");
        Rejects("DiagnosisBench", new[] { "--csv", "--physical" }, "--csv needs a value");
        Rejects("LoopSpeed", new[] { "--idle-hours" }, "--idle-hours needs a number from 0.01 to 1,000,000");
        Rejects("PerfReport", new[] { "--out", "" }, "--out needs a value, not an empty one");
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_an_error_not_an_exception()
    {
        Rejects("PowerCutBench", new[] { "--seed", "x" }, "--seed needs a whole number from 0 to 2,147,483,646, not 'x'");
        Rejects("ActuationBench", new[] { "--normal", "2e3" }, "--normal needs a whole number from 0 to 10,000,000, not '2e3'");
        Rejects("ChemistryBench", new[] { "--seeds", "1.5" }, "--seeds needs a whole number from 1 to 50, not '1.5'");
        Rejects("LoopSpeed", new[] { "--idle-hours", "7,5" }, "--idle-hours needs a number from 0.01 to 1,000,000, not '7,5'");
        Rejects("PlantSpeed", new[] { "--seconds", "NaN" }, "--seconds needs a number from 0.1 to 1,000,000, not 'NaN'");
        Rejects("PlantSpeed", new[] { "--seconds", "Infinity" }, "--seconds needs a number from 0.1 to 1,000,000, not 'Infinity'");
    }

    [Fact]
    public void A_value_outside_the_declared_range_is_an_error()
    {
        Rejects("ChemistryBench", new[] { "--seeds", "51" }, "--seeds must be from 1 to 50, not 51");
        Rejects("StrandBench", new[] { "--units", "201" }, "--units must be from 1 to 200, not 201");
        Rejects("ChemistryBench", new[] { "--seeds", "0" }, "--seeds must be from 1 to 50, not 0");
        Rejects("DiagnosisBench", new[] { "--runs", "200", "--class", "11" }, "--class must be from 0 to 10, not 11");
        Rejects("PowerBench", new[] { "--seed", "-1" }, "--seed must be from 0 to 2,147,483,646, not -1");
        Rejects("PowerCutBench", new[] { "--seed", "99999999999" }, "--seed must be from 0 to 2,147,483,646, not 99999999999");
        Rejects("LoopSpeed", new[] { "--idle-hours", "0" }, "--idle-hours must be from 0.01 to 1,000,000, not 0");
        Rejects("PlantSpeed", new[] { "--steps", "-5" }, "--steps must be from 0 to 2,147,483,647, not -5");
    }

    [Fact]
    public void An_option_given_twice_is_an_error_rather_than_one_of_them_silently_winning()
    {
        Rejects("PowerCutBench", new[] { "--seed", "1", "--seed", "2" }, "--seed given twice");
        Rejects("ActuationBench", new[] { "--stops", "--stops" }, "--stops given twice");
    }

    [Fact]
    public void No_arguments_give_each_bench_its_old_defaults()
    {
        var a = Valid("ActuationBench");
        Assert.Equal((2000, 300, 100, 1, false), (a.Int("--normal"), a.Int("--jams"), a.Int("--misaligned"), a.Int("--seed"), a.Flag("--stops")));
        var d = Valid("DiagnosisBench");
        Assert.Equal((200, 1, false, 60, -1), (d.Int("--runs"), d.Int("--seed"), d.Flag("--physical"), d.Int("--run-budget-s"), d.Int("--class")));
        Assert.Null(d.Text("--csv"));
        Assert.Null(d.Text("--strokes"));
        Assert.Null(d.Text("--stalls"));
        var l = Valid("LoopSpeed");
        Assert.Equal((1000, 720.0, 1), (l.Int("--strokes"), l.Number("--idle-hours"), l.Int("--seed")));
        var p = Valid("PlantSpeed");
        Assert.Equal(600.0, p.Number("--seconds"));
        Assert.False(p.Given("--steps"));
        var pw = Valid("PowerBench");
        Assert.Equal((1, false, 0), (pw.Int("--seed"), pw.Flag("--trace"), pw.Words.Count));
        Assert.False(pw.Given("--seed"));
        var pc = Valid("PowerCutBench");
        Assert.Equal((1000, 1), (pc.Int("--cuts"), pc.Int("--seed")));
        var c = Valid("ChemistryBench");
        Assert.Equal(1, c.Int("--seeds"));
        Assert.False(c.Given("--seeds"));
        var r = Valid("PerfReport");
        Assert.Equal(("docs/performance/logs", "docs/performance.md", "docs/performance"), (r.Text("--logs"), r.Text("--out"), r.Text("--plots")));
        Assert.Null(r.Text("--diag-csv"));
    }

    [Fact]
    public void The_command_lines_the_docs_quote_read_as_before()
    {
        var a = Valid("ActuationBench", "--normal", "0", "--jams", "3000", "--misaligned", "0", "--seed", "1", "--stops");
        Assert.Equal((0, 3000, 0, 1, true), (a.Int("--normal"), a.Int("--jams"), a.Int("--misaligned"), a.Int("--seed"), a.Flag("--stops")));
        a = Valid("ActuationBench", "--normal", "2000", "--jams", "300");
        Assert.Equal((2000, 300, 100, 1), (a.Int("--normal"), a.Int("--jams"), a.Int("--misaligned"), a.Int("--seed")));

        var d = Valid("DiagnosisBench", "--runs", "200", "--seed", "1", "--class", "0", "--strokes", "/tmp/s.csv");
        Assert.Equal((200, 1, 0, "/tmp/s.csv"), (d.Int("--runs"), d.Int("--seed"), d.Int("--class"), d.Text("--strokes")));
        d = Valid("DiagnosisBench", "--runs", "200", "--seed", "1", "--class", "3", "--physical");
        Assert.Equal((3, true), (d.Int("--class"), d.Flag("--physical")));
        Assert.Equal(10, Valid("DiagnosisBench", "--runs", "200", "--seed", "1", "--class", "10").Int("--class"));

        // PowerBench's filter words are kept in order beside the options, wherever they stand.
        var pw = Valid("PowerBench", "alkaline", "-20", "--seed", "7", "--trace");
        Assert.Equal(new[] { "alkaline", "-20" }, pw.Words);
        Assert.Equal((7, true, true), (pw.Int("--seed"), pw.Given("--seed"), pw.Flag("--trace")));
        pw = Valid("PowerBench", "--seed", "3", "alkaline");
        Assert.Equal(new[] { "alkaline" }, pw.Words);
        Assert.Equal(3, pw.Int("--seed"));
        Assert.Equal(new[] { "alkaline", "+20" }, Valid("PowerBench", "alkaline", "+20").Words);

        Assert.Equal(5, Valid("ChemistryBench", "--seeds", "5").Int("--seeds"));
        Assert.Equal(12345, Valid("PlantSpeed", "--steps", "12345").Int("--steps"));
        Assert.Equal(0.5, Valid("LoopSpeed", "--idle-hours", "0.5").Number("--idle-hours"));
    }

    /// <summary>
    /// Every `run Bench args` and `run_as Log Bench args` line of bench/run-all.sh (and its PerfReport line) parses to what the
    /// bench read before.
    /// </summary>
    [Fact]
    public void Every_command_line_of_run_all_parses_to_its_old_values()
    {
        string script = File.ReadAllText(Path.Combine(NanoGatePaths.RepoRoot, "bench", "run-all.sh"));
        var lines = Regex.Matches(script, @"^run (\w+) ?(.*)$", RegexOptions.Multiline).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        var logged = Regex.Matches(script, @"^run_as (\w+) (\w+) ?(.*)$", RegexOptions.Multiline).ToList();
        Assert.Contains(logged, m => m.Groups[1].Value == "StrandBenchNight");
        lines.AddRange(logged.Select(m => (m.Groups[2].Value, m.Groups[3].Value)));
        var perf = Regex.Match(script, @"--project bench/PerfReport -- (.*)$", RegexOptions.Multiline);
        Assert.True(perf.Success, "run-all.sh no longer runs PerfReport");
        lines.Add(("PerfReport", perf.Groups[1].Value));
        var seen = new HashSet<string>();
        foreach (var (bench, rest) in lines)
        {
            string[] args = rest.Replace("$LOGS", "docs/performance/logs").Replace("$OUT", "docs/performance").Replace("\"", "")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var r = Valid(bench, args);
            seen.Add(bench);
            switch (bench)
            {
                case "LoopSpeed":
                    Assert.Equal((1000, 720.0, 1), (r.Int("--strokes"), r.Number("--idle-hours"), r.Int("--seed")));
                    break;
                case "PlantSpeed":
                    Assert.Equal(600.0, r.Number("--seconds"));
                    Assert.False(r.Given("--steps"));
                    break;
                case "DiagnosisBench":
                    Assert.Equal((200, 1, "docs/performance/logs/diagnosis-runs.csv", -1, false),
                        (r.Int("--runs"), r.Int("--seed"), r.Text("--csv"), r.Int("--class"), r.Flag("--physical")));
                    break;
                case "ActuationBench":
                    Assert.Equal((2000, 300, 100, 1, false), (r.Int("--normal"), r.Int("--jams"), r.Int("--misaligned"), r.Int("--seed"), r.Flag("--stops")));
                    break;
                case "PowerBench":
                    Assert.Equal((0, 1, false), (r.Words.Count, r.Int("--seed"), r.Given("--seed")));
                    break;
                case "PowerCutBench":
                    Assert.Equal((1000, 1), (r.Int("--cuts"), r.Int("--seed")));
                    break;
                case "ChemistryBench":
                    Assert.Equal((1, false), (r.Int("--seeds"), r.Given("--seeds")));
                    break;
                case "StrandBench":
                    // The day grid (logged as StrandBench) and the night (StrandBenchNight): alkaline, 20 units each.
                    Assert.Equal((20, false, 0), (r.Int("--units"), r.Given("--units"), r.Words.Count));
                    break;
                case "PerfReport":
                    Assert.Equal(("docs/performance/logs", "docs/performance.md", "docs/performance", (string?)null),
                        (r.Text("--logs"), r.Text("--out"), r.Text("--plots"), r.Text("--diag-csv")));
                    break;
                default:
                    Assert.Fail($"run-all.sh runs {bench}, which this test does not know");
                    break;
            }
        }
        Assert.Equal(Specs.Keys.OrderBy(k => k), seen.OrderBy(k => k));
    }

    [Fact]
    public void A_declaration_the_usage_does_not_name_or_a_read_of_an_undeclared_option_is_a_bench_bug()
    {
        Assert.Throws<ArgumentException>(() => new BenchArgs("X", "usage: X [--a N]").Int("--a", 1, 0, 9).Flag("--b"));
        Assert.Throws<ArgumentException>(() => new BenchArgs("X", "usage: X [--a N]").Int("--a", 1, 0, 9).Int("--a", 1, 0, 9));
        var r = new BenchArgs("X", "usage: X [--a N]").Int("--a", 1, 0, 9).Parse(Array.Empty<string>());
        Assert.Equal(1, r.Int("--a"));
        Assert.Throws<InvalidOperationException>(() => r.Int("--b"));
        Assert.Throws<InvalidOperationException>(() => r.Text("--a"));
        var bad = new BenchArgs("X", "usage: X [--a N]").Int("--a", 1, 0, 9).Parse(new[] { "--a", "10" });
        Assert.Throws<InvalidOperationException>(() => bad.Int("--a"));
    }
}

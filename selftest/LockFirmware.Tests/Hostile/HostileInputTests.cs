using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using LockFirmware.Simulator.Cli;
using LockFirmware.Simulator.Scenarios;
using LockFirmware.Tests.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace LockFirmware.Tests.Hostile;

/// <summary>
/// Property tests of the bad-input rule against the two inputs users hand to the simulator: scenario files (the library
/// files mutated line by line and byte by byte, random YAML documents, values written over the keys a loader could
/// default) and the <c>locksim run</c> command line. A failure prints CsCheck's reproducing seed (pass it as <c>seed:</c>
/// to <c>Sample</c> to replay) and the input. docs/architecture.md, "Hostile input properties".
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    /// <summary>Cases of the loader property per run (mutated library files and random documents).</summary>
    public const int LoaderIterations = 10000;
    /// <summary>Cases of the value property per run.</summary>
    public const int ValueIterations = 10000;
    /// <summary>Cases of the command-line properties per run (each runs <c>locksim run</c> in-process, some to the end).</summary>
    public const int CliIterations = 1000;
    /// <summary>Mutated files through <c>locksim run</c> per run; the ones the loader accepts run to the end.</summary>
    public const int RunIterations = 600;

    /// <summary>Longest one load may take, wall ms, before it counts as a hang.</summary>
    private const int LoadBudgetMs = 5000;
    /// <summary>Longest one run may take, wall ms, before it counts as a hang.</summary>
    private const int RunBudgetMs = 60000;
    /// <summary>Accepted files simulating longer than this, or repeating more, load but are not run (wall budget of the suite).</summary>
    private const long RunnableVirtualMs = 3L * 24 * 3600 * 1000;
    private const int RunnableRepetitions = 300;

    private static T Within<T>(int budgetMs, Func<T> f, Func<string> what)
    {
        var task = Task.Run(f);
        if (!task.Wait(budgetMs)) Assert.Fail($"no answer within {budgetMs} ms (a hang): {what()}");
        return task.Result;
    }

    /// <summary>The rule for a refused file: a <see cref="ScenarioException"/> naming the file, a line of the text and a reason.</summary>
    private static void AssertRefusal(ScenarioException e, string file, string text)
    {
        Assert.Equal(file, e.File);
        Assert.False(string.IsNullOrWhiteSpace(e.Reason), "empty reason");
        int lines = text.Split('\n').Length;
        Assert.True(e.Line >= 1 && e.Line <= lines + 1, $"line {e.Line} is not a line of the {lines}-line text: {e}");
    }

    private static Scenario? LoadOrRefuse(string text, string file)
    {
        return Within(LoadBudgetMs, () =>
        {
            try { return ScenarioLoader.Load(text, file); }
            catch (ScenarioException e) { AssertRefusal(e, file, text); return null; }
        }, () => "loading");
    }

    [Fact]
    public void Mutated_and_random_scenario_files_load_or_are_refused_with_file_line_and_reason()
    {
        int accepted = 0, refused = 0;
        var why = new Dictionary<string, int>();
        Gen.Frequency((4, HostileInputGen.Mutated.Select(m => m.Text)), (1, HostileInputGen.RandomDocument)).Sample(text =>
        {
            var s = LoadOrRefuse(text, "fuzz.yaml");
            if (s == null) { refused++; return; }
            accepted++;
            // Bounded virtual time: every time is at most 365 days, so a step at 365 days with a 365-day power cut is the longest.
            Assert.True(s.EndMs >= 0 && s.EndMs <= 2 * Duration.MaxMs + 86_400_000L, $"runs to {s.EndMs} ms");
            Assert.All(s.Steps, st => Assert.True(st.AtMs >= 0 && st.AtMs <= Duration.MaxMs));
        }, iter: LoaderIterations, threads: 1, print: t => "\n--- text ---\n" + HostileInputGen.Show(t, 3000));
        output.WriteLine($"{accepted} accepted, {refused} refused");
        Assert.True(accepted > 0 && refused > 0, $"{accepted} accepted, {refused} refused: the generator misses one side");
    }

    /// <summary>A value written over one key of a small file, with the loader's reading of it.</summary>
    public sealed record ValueCase(string Key, string Value, Func<Scenario, object?> Read, Func<string, object?> Oracle)
    {
        /// <inheritdoc/>
        public override string ToString() => $"{Key}: '{HostileInputGen.Show(Value)}'";
    }

    private static object? Num(string v, double min, double max) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= min && d <= max ? d : null;

    private static object? Whole(string v, long min, long max) =>
        long.TryParse(v.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out long n) && n >= min && n <= max ? (int)n : null;

    /// <summary>An independent reading of a scenario time: ASCII digits, units in descending order, at most 365 days.</summary>
    private static object? Time(string v)
    {
        if (v.Trim() == "0") return 0L;
        var m = Regex.Match(v.Trim(), "^(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$");
        if (!m.Success || v.Trim().Length == 0) return null;
        decimal total = 0;
        decimal[] unit = { 86_400_000m, 3_600_000m, 60_000m, 1000m, 1m };
        for (int i = 0; i < 5; i++)
        {
            if (!m.Groups[i + 1].Success) continue;
            if (m.Groups[i + 1].Value.Length > 9) return null;
            total += decimal.Parse(m.Groups[i + 1].Value, CultureInfo.InvariantCulture) * unit[i];
        }
        return total <= Duration.MaxMs ? (long)total : null;
    }

    private static object? OneOf(string v, params string[] allowed) => Array.IndexOf(allowed, v) >= 0 ? v : null;

    private const string Base = "name: values\n";

    private static readonly (string Key, Func<string, string> Yaml, Func<Scenario, object?> Read, Func<string, object?> Oracle)[] ValueKeys =
    {
        ("seed", v => $"seed: {v}\n", s => s.Seed, v => Whole(v, 0, int.MaxValue)),
        ("temperature_c", v => $"hardware:\n  temperature_c: {v}\n", s => s.Hardware.TemperatureC, v => Num(v, -40, 85)),
        ("state_of_charge", v => $"hardware:\n  battery: {{ chemistry: alkaline, state_of_charge: {v} }}\n", s => s.Hardware.StateOfCharge, v => Num(v, 0, 1)),
        ("strike_offset_mm", v => $"hardware:\n  strike_offset_mm: {v}\n", s => s.Hardware.StrikeOffsetMm, v => Num(v, 0, 20)),
        ("friction_factor", v => $"hardware:\n  friction_factor: {v}\n", s => s.Hardware.FrictionFactor, v => Num(v, 0.1, 100)),
        ("start", v => $"start: {v}\n", s => s.StartLocked ? "locked" : "unlocked", v => OneOf(v, "locked", "unlocked")),
        ("door", v => $"hardware:\n  door: {v}\n", s => s.Hardware.DoorOpen ? "open" : "closed", v => OneOf(v, "open", "closed")),
        ("run_until", v => $"run_until: {v}\n", s => s.RunUntilMs, Time),
        ("at", v => $"steps:\n  - at: {v}\n    console: status\n", s => s.Steps[0].AtMs, Time),
        ("power_cut", v => $"steps:\n  - at: 1s\n    power_cut: {v}\n", s => s.Steps[0].DurationMs, v => Time(v) is long ms && ms > 0 ? ms : null),
        ("times", v => $"steps:\n  - at: 1s\n    repeat: {{ every: 1m, times: {v}, console: status }}\n", s => s.Steps[0].Times, v => Whole(v, 1, 100000)),
        ("temperature step", v => $"steps:\n  - at: 1s\n    temperature_c: {v}\n", s => s.Steps[0].Value, v => Num(v, -40, 85)),
        ("sim temperature_c", v => $"steps:\n  - at: 1s\n    console: 'sim temperature_c {v}'\n", s => SimValue(s), v => SimArg(v) is string a ? Num(a, -40, 85) : null),
        ("sim battery_swap", v => $"steps:\n  - at: 1s\n    console: 'sim battery_swap alkaline {v}'\n", s => SimValue(s), v => v.Trim().Length == 0 ? 1.0 : SimArg(v) is string a ? Num(a, 0, 1) : null),  // no charge: new cells (ContractConformanceTests)
        ("sim power_cut", v => $"steps:\n  - at: 1s\n    console: 'sim power_cut {v}'\n", s => SimCommand.Parse(s.Steps[0].Text!, 0, out _)!.DurationMs, v => SimArg(v) is string a && Time(a) is long ms && ms > 0 ? ms : null),
        ("unlocks", v => $"expect:\n  - at: end\n    unlocks: {v}\n", s => s.Expectations[0].Unlocks, v => Whole(v, 0, int.MaxValue)),
    };

    /// <summary>The one word a <c>sim</c> command takes there (split on spaces), or null when there is none or more than one.</summary>
    private static string? SimArg(string v) => v.Trim() is { Length: > 0 } a && !a.Contains(' ') ? a : null;

    private static object? SimValue(Scenario s) => SimCommand.Parse(s.Steps[0].Text!, 0, out _)!.Value;

    /// <summary>Values that must load: printable ASCII forms of in-range numbers, times and words.</summary>
    private static readonly Gen<string> GoodValue = Gen.OneOf(
        Gen.Int[-40, 100].Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Double[0, 1].Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Select(Gen.Int[0, 364], Gen.Int[0, 23], Gen.Int[0, 999], (d, h, ms) => $"{d}d{h}h{ms}ms"),
        Gen.Select(Gen.Int[1, 59], Gen.Int[0, 59], (m, s) => $"{m}m{s}s"),
        Gen.OneOfConst("locked", "unlocked", "open", "closed", "1", "0", "+5", "1e1", "-1.5e1", "100000"));

    [Fact]
    public void A_value_the_loader_accepts_is_the_value_written_never_a_default()
    {
        int accepted = 0, refused = 0, mustLoad = 0;
        var gen = Gen.Select(Gen.Int[0, ValueKeys.Length - 1],
            Gen.Frequency((3, Gen.OneOfConst(HostileInputGen.NastyValues)), (2, HostileInputGen.AnyString), (3, GoodValue)));
        gen.Sample((k, v) =>
        {
            var key = ValueKeys[k];
            // Single-quoted, so that the scalar the loader reads is exactly v (a ' doubled); the plain form too, half the time.
            bool plain = v.Length > 0 && v.All(c => c is > ' ' and < '\u007f' and not ('#' or ':' or '\'' or '"' or '[' or ']' or '{' or '}' or ',' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`' or '?' or '-'))
                         && !Regex.IsMatch(v, "^(~|null|Null|NULL)$");
            string written = plain && (k + v.Length) % 2 == 0 ? v : "'" + v.Replace("'", "''") + "'";
            if (key.Key.StartsWith("sim ", StringComparison.Ordinal)) written = v.Replace("'", "''");
            string yaml = Base + key.Yaml(written);
            var s = LoadOrRefuse(yaml, "values.yaml");
            object? expected = key.Oracle(v);
            bool printable = v.All(c => c is >= ' ' and < '\u007f') && !v.Contains('#') && !v.StartsWith(' ') && !v.EndsWith(' ');
            if (expected != null && printable)
            {
                mustLoad++;
                Assert.True(s != null, $"{key.Key}: '{v}' is valid ({expected}) but was refused\n{yaml}");
            }
            if (s == null) { refused++; return; }
            accepted++;
            Assert.True(expected != null, $"{key.Key}: '{HostileInputGen.Show(v)}' is not a valid value, yet the file loaded (read as {key.Read(s)})\n{yaml}");
            Assert.Equal(expected, key.Read(s));
        }, iter: ValueIterations, threads: 1, print: t => $"{ValueKeys[t.Item1].Key}: '{HostileInputGen.Show(t.Item2)}'");
        output.WriteLine($"{accepted} accepted, {refused} refused, {mustLoad} had to load");
        Assert.True(accepted > ValueIterations / 10 && refused > ValueIterations / 10, $"{accepted} accepted, {refused} refused");
    }

    private static (int Code, string Out, string Err) Run(string[] args) => Within(RunBudgetMs, () =>
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = RunCommand.Execute(args, o, e, new MemoryStream());
        return (code, o.ToString(), e.ToString());
    }, () => "locksim run " + string.Join(' ', args));

    /// <summary>True when the loaded scenario is short enough to run inside the suite's budget.</summary>
    private static bool Runnable(Scenario s) =>
        s.EndMs <= RunnableVirtualMs && s.Steps.Sum(st => st.Kind == StepKind.Repeat ? st.Times : 1) <= RunnableRepetitions;

    [Fact]
    public void Mutated_files_through_locksim_run_exit_0_1_or_2_with_the_file_named_and_never_stop_on_an_internal_error()
    {
        string dir = Directory.CreateTempSubdirectory("yfuzz-run-").FullName;
        int ran = 0, refused = 0, tooLong = 0;
        var wall = Stopwatch.StartNew();
        long longestMs = 0;
        try
        {
            Gen.Select(Gen.Frequency((1, HostileInputGen.Mutated), (2, HostileInputGen.Gentle)), Gen.Int[0, 2]).Sample((m, outputs) =>
            {
                string path = Path.Combine(dir, "m.yaml");
                byte[] bytes = m.FileBytes;
                File.WriteAllBytes(path, bytes);
                Scenario? s;
                try { s = ScenarioLoader.LoadFile(path); }
                catch (ScenarioException) { s = null; }
                if (s != null && !Runnable(s)) { tooLong++; return; }
                var sw = Stopwatch.StartNew();
                // The three outputs: JSON lines, the timeline, the timeline with a CSV trace.
                string trace = Path.Combine(dir, "t.csv");
                var r = Run(outputs switch { 0 => new[] { path, "--json" }, 1 => new[] { path }, _ => new[] { path, "--trace", trace } });
                longestMs = Math.Max(longestMs, sw.ElapsedMilliseconds);
                Assert.True(r.Code is 0 or 1 or 2, $"exit {r.Code}\n{r.Err}");
                if (r.Code == 2)
                {
                    refused++;
                    // The contract: bad file, message on stderr naming the file, the line and the reason.
                    Assert.True(Regex.IsMatch(r.Err, "^" + Regex.Escape(path) + @":[0-9]+: \S"), "exit 2 without file:line: reason on stderr: " + r.Err);
                    return;
                }
                ran++;
                Assert.True(s != null, "exit " + r.Code + " for a file the loader refuses");
                Assert.DoesNotContain("internal error", r.Err);
                if (outputs == 2) Assert.StartsWith("t_ms,bridge,", File.ReadAllText(trace));
            }, iter: RunIterations, threads: 1, print: t => $"outputs {t.Item2}: {t.Item1}");
        }
        finally { Directory.Delete(dir, true); }
        output.WriteLine($"{ran} ran to the end, {refused} refused (exit 2), {tooLong} accepted but too long for the suite; longest run {longestMs} ms; {wall.ElapsedMilliseconds} ms");
        Assert.True(ran > 0 && refused > 0, $"{ran} ran, {refused} refused");
    }

    /// <summary>One piece of a <c>locksim run</c> command line.</summary>
    public enum ArgPiece { File, MissingFile, Directory, Dash, EmptyFile, Seed, SeedEquals, SeedNoValue, Json, JsonValue, Trace, TraceMissingDir, TraceDirectory, TraceOverFile, Plot, PlotNotPng, PlotMissingDir, PlotDirectory, Unknown, DoubleDash, Garbage }

    private const string Tiny = "name: tiny\nrun_until: 3s\nsteps:\n  - at: 1s\n    console: status\nexpect:\n  - at: end\n    lock_state: locked\n";

    [Fact]
    public void Random_command_lines_exit_0_1_or_2_refusals_say_why_and_a_given_seed_is_the_seed_used()
    {
        string dir = Directory.CreateTempSubdirectory("yfuzz-cli-").FullName;
        string file = Path.Combine(dir, "tiny.yaml"), empty = Path.Combine(dir, "empty.yaml");
        File.WriteAllText(file, Tiny);
        File.WriteAllText(empty, "");
        int ran = 0, refused = 0;
        var seeds = Gen.Frequency((3, Gen.Int[0, int.MaxValue].Select(i => i.ToString(CultureInfo.InvariantCulture))),
            (2, Gen.OneOfConst("-1", "2147483648", "99999999999999999999", "abc", "", "1.5", "0x10", "+3", " 4", "\u0661", "1e3", "--json")),
            (1, HostileInputGen.AnyString));
        // Half the pieces are the valid ones, so that some command lines run.
        var kind = Gen.Frequency((5, Gen.OneOfConst(ArgPiece.File, ArgPiece.Seed, ArgPiece.SeedEquals, ArgPiece.Json, ArgPiece.Trace)), (5, Gen.Enum<ArgPiece>()));
        var piece = Gen.Select(kind, seeds, Gen.Frequency((3, HostileInputGen.AnyString), (1, Gen.Const(""))));
        try
        {
            piece.Array[0, 5].Sample(pieces =>
            {
                var args = new List<string>();
                string trace = Path.Combine(dir, "t.csv");
                if (File.Exists(trace)) File.Delete(trace);
                if (File.ReadAllText(file) != Tiny) Assert.Fail("the scenario file was overwritten by an earlier case");
                foreach (var (p, seed, junk) in pieces)
                {
                    switch (p)
                    {
                        case ArgPiece.File: args.Add(file); break;
                        case ArgPiece.MissingFile: args.Add(Path.Combine(dir, "no", "such.yaml")); break;
                        case ArgPiece.Directory: args.Add(dir); break;
                        case ArgPiece.Dash: args.Add("-"); break;
                        case ArgPiece.EmptyFile: args.Add(empty); break;
                        case ArgPiece.Seed: args.Add("--seed"); args.Add(seed); break;
                        case ArgPiece.SeedEquals: args.Add("--seed=" + seed); break;
                        case ArgPiece.SeedNoValue: args.Add("--seed"); break;
                        case ArgPiece.Json: args.Add("--json"); break;
                        case ArgPiece.JsonValue: args.Add("--json=" + junk); break;
                        case ArgPiece.Trace: args.Add("--trace"); args.Add(trace); break;
                        case ArgPiece.TraceMissingDir: args.Add("--trace"); args.Add(Path.Combine(dir, "none", "t.csv")); break;
                        case ArgPiece.TraceDirectory: args.Add("--trace=" + dir); break;
                        case ArgPiece.TraceOverFile: args.Add("--trace"); args.Add(file); break;
                        case ArgPiece.Plot: args.Add("--plot"); args.Add(file); break;
                        case ArgPiece.PlotNotPng: args.Add("--plot=" + Path.Combine(dir, "p.jpg")); break;
                        case ArgPiece.PlotMissingDir: args.Add("--plot"); args.Add(Path.Combine(dir, "none", "p.png")); break;
                        case ArgPiece.PlotDirectory: args.Add("--plot"); args.Add(Directory.CreateDirectory(Path.Combine(dir, "d.png")).FullName); break;
                        case ArgPiece.Unknown: args.Add("--x" + junk); break;
                        case ArgPiece.DoubleDash: args.Add("--"); break;
                        case ArgPiece.Garbage: args.Add(junk); break;
                    }
                }
                var r = Run(args.ToArray());
                Assert.True(r.Code is 0 or 1 or 2, $"exit {r.Code}\n{r.Err}");
                Assert.Equal(Tiny, File.ReadAllText(file));
                if (r.Code == 2)
                {
                    refused++;
                    // An argument error says so; a file error starts with the file as given (which may hold any character).
                    bool argument = r.Err.StartsWith("locksim run: ", StringComparison.Ordinal) && r.Err.Split('\n')[0].Length > "locksim run: ".Length + 5;
                    bool fileNamed = args.Any(a => a.Length > 0 && r.Err.StartsWith(a + ": ", StringComparison.Ordinal) || Regex.IsMatch(r.Err, "^" + Regex.Escape(a) + ":[0-9]+: \\S"));
                    Assert.True(argument || fileNamed, $"exit 2 without a reason: '{r.Err}'");
                    return;
                }
                ran++;
                // A run happened: exactly one readable scenario file, each option once, every value valid.
                var files = pieces.Where(x => x.Item1 is ArgPiece.File).ToList();
                Assert.True(files.Count == 1 && pieces.Count(x => x.Item1 is ArgPiece.File or ArgPiece.MissingFile or ArgPiece.Directory or ArgPiece.Dash or ArgPiece.EmptyFile or ArgPiece.Garbage) == 1,
                    $"exit {r.Code} for '{string.Join(' ', args)}'");
                Assert.DoesNotContain(pieces, x => x.Item1 is ArgPiece.Unknown or ArgPiece.DoubleDash or ArgPiece.SeedNoValue or ArgPiece.JsonValue or ArgPiece.TraceMissingDir or ArgPiece.TraceDirectory
                    or ArgPiece.TraceOverFile or ArgPiece.Plot or ArgPiece.PlotNotPng or ArgPiece.PlotMissingDir or ArgPiece.PlotDirectory);
                var given = pieces.Where(x => x.Item1 is ArgPiece.Seed or ArgPiece.SeedEquals).ToList();
                Assert.True(given.Count <= 1, "--seed twice accepted");
                // No silent default: the seed given is the seed used (the timeline names it).
                if (given.Count == 1)
                {
                    Assert.True(int.TryParse(given[0].Item2, NumberStyles.None, CultureInfo.InvariantCulture, out int sd), $"seed '{given[0].Item2}' accepted");
                    if (!pieces.Any(x => x.Item1 == ArgPiece.Json)) Assert.Contains($"seed {sd},", r.Out);
                }
                if (pieces.Any(x => x.Item1 == ArgPiece.Trace)) Assert.StartsWith("t_ms,bridge,", File.ReadAllText(trace));
            }, iter: CliIterations, threads: 1, print: p => string.Join(" | ", p.Select(x => $"{x.Item1} '{HostileInputGen.Show(x.Item2)}' '{HostileInputGen.Show(x.Item3)}'")));
        }
        finally { Directory.Delete(dir, true); }
        output.WriteLine($"{ran} ran, {refused} refused");
        Assert.True(ran > 0 && refused > 0, $"{ran} ran, {refused} refused");
    }
}

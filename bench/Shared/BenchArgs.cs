using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace LockFirmware.Bench.Shared;

/// <summary>
/// The command line of one benchmark: the bench declares its flags, its value options (type, default and range) and,
/// when it has them, the positional words it accepts, together with a one-paragraph usage text naming every one of
/// them. <c>--help</c> / <c>-h</c> prints the usage and exits 0; an unknown argument, a missing, unparsable or
/// out-of-range value, or an option given twice prints "&lt;bench&gt;: &lt;what is wrong&gt;" and the usage to stderr and
/// exits 2, before the bench does any work or writes any file. The project's rule: bad input of any kind gets a clear
/// message, never a crash or a silent default.
/// </summary>
internal sealed class BenchArgs
{
    /// <summary>Exit code of a bench given a bad command line (the usual "usage error" status of command-line tools).</summary>
    public const int UsageExitCode = 2;

    /// <summary>The largest seed a bench accepts (some benches derive a second generator from seed + 1).</summary>
    public const int MaxSeed = int.MaxValue - 1;

    private enum Kind { Flag, Int, Number, Text }

    private sealed record Option(string Name, Kind Kind, object? Default, double Min, double Max);

    private readonly Dictionary<string, Option> options = new(StringComparer.Ordinal);
    private readonly List<string> words = new();

    /// <summary>Declares a bench's command line; add its options with the methods below, then call <see cref="Parse"/>.</summary>
    /// <param name="bench">The bench's name, which starts every error message.</param>
    /// <param name="usage">One paragraph naming every flag, option and word, printed by --help and after every error.</param>
    public BenchArgs(string bench, string usage)
    {
        Bench = bench;
        Usage = usage;
    }

    /// <summary>The bench's name, which starts every error message.</summary>
    public string Bench { get; }

    /// <summary>The usage paragraph.</summary>
    public string Usage { get; }

    /// <summary>A flag: present or not, takes no value.</summary>
    public BenchArgs Flag(string name) => Add(new Option(name, Kind.Flag, false, 0, 0));

    /// <summary>An option taking a whole number in [min, max]; <paramref name="defaultValue"/> when it is not given.</summary>
    public BenchArgs Int(string name, int defaultValue, int min, int max) => Add(new Option(name, Kind.Int, defaultValue, min, max));

    /// <summary>An option taking a finite number in [min, max] (invariant culture); <paramref name="defaultValue"/> when it is not given.</summary>
    public BenchArgs Number(string name, double defaultValue, double min, double max) => Add(new Option(name, Kind.Number, defaultValue, min, max));

    /// <summary>An option taking any text (a path); <paramref name="defaultValue"/> when it is not given.</summary>
    public BenchArgs Text(string name, string? defaultValue = null) => Add(new Option(name, Kind.Text, defaultValue, 0, 0));

    /// <summary>Positional words the bench accepts (any number of them, in any order); any other word is an error.</summary>
    public BenchArgs Words(params string[] allowed)
    {
        foreach (var w in allowed)
        {
            if (w.Length == 0 || w.StartsWith("--", StringComparison.Ordinal) || words.Contains(w))
            {
                throw new ArgumentException($"word '{w}' is empty, starts with -- or is declared twice", nameof(allowed));
            }
            words.Add(w);
        }
        return this;
    }

    /// <summary>
    /// Reads <paramref name="args"/> against the declarations. Never throws on bad input: the result says whether help
    /// was asked for or what is wrong.
    /// </summary>
    public Result Parse(IReadOnlyList<string> args)
    {
        foreach (var a in args)
        {
            if (a == "--help" || a == "-h")
            {
                return new Result(this, help: true, error: null, new Dictionary<string, object?>(), new List<string>());
            }
        }
        var given = new Dictionary<string, object?>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!options.TryGetValue(a, out var o))
            {
                if (words.Contains(a))
                {
                    positional.Add(a);
                    continue;
                }
                // "-25" beside the words "+20" / "-20" is a mistyped word, not an option.
                bool looksLikeWord = !a.StartsWith('-') || (words.Count > 0 && a.Length > 1 && char.IsDigit(a[1]));
                string what = !looksLikeWord ? $"unknown option {a}"
                    : words.Count > 0 ? $"unknown word '{a}' (accepted: {string.Join(", ", words)})"
                    : $"unexpected argument '{a}'";
                return Error(what);
            }
            if (given.ContainsKey(a))
            {
                return Error($"{a} given twice");
            }
            if (o.Kind == Kind.Flag)
            {
                given[a] = true;
                continue;
            }
            // A following option name is not taken as the value: "--csv --physical" lacks its path.
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return Error($"{a} needs {Expected(o)}");
            }
            string v = args[++i];
            string? wrong = Convert(o, v, out object? value);
            if (wrong != null)
            {
                return Error(wrong);
            }
            given[a] = value;
        }
        return new Result(this, help: false, error: null, given, positional);

        Result Error(string what) => new(this, help: false, error: what, given, positional);
    }

    /// <summary>
    /// <see cref="Parse"/>, then: help is printed to <paramref name="stdout"/> (exit code 0); an error is printed as
    /// "&lt;bench&gt;: &lt;what&gt;" and the usage to <paramref name="stderr"/> (exit code 2). Returns that exit code, or null
    /// when the bench should run with <paramref name="result"/>.
    /// </summary>
    public int? Check(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, out Result result)
    {
        result = Parse(args);
        if (result.Help)
        {
            stdout.WriteLine(Usage);
            return 0;
        }
        if (result.Error != null)
        {
            return Fail(result.Error, stderr);
        }
        return null;
    }

    /// <summary>Prints "&lt;bench&gt;: &lt;what&gt;" and the usage to <paramref name="stderr"/>; returns the exit code 2.</summary>
    public int Fail(string what, TextWriter stderr)
    {
        stderr.WriteLine($"{Bench}: {what}");
        stderr.WriteLine(Usage);
        return UsageExitCode;
    }

    /// <summary>The bench's entry: <see cref="Check"/> on the console, exiting the process unless the bench should run.</summary>
    public Result ParseOrExit(string[] args)
    {
        if (Check(args, Console.Out, Console.Error, out var result) is int code)
        {
            Environment.Exit(code);
        }
        return result;
    }

    /// <summary>A check the bench makes itself after parsing (e.g. a filter that leaves nothing): message, usage, exit 2.</summary>
    public void FailAndExit(string what) => Environment.Exit(Fail(what, Console.Error));

    private BenchArgs Add(Option o)
    {
        if (!o.Name.StartsWith("--", StringComparison.Ordinal) || o.Name == "--help" || !options.TryAdd(o.Name, o))
        {
            throw new ArgumentException($"option {o.Name} must start with -- and be declared once (--help is built in)");
        }
        // The usage paragraph must name every option (it is all a user gets after an error).
        if (!Usage.Contains(o.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the usage text of {Bench} does not mention {o.Name}");
        }
        return this;
    }

    private static string Expected(Option o) => o.Kind switch
    {
        Kind.Int => $"a whole number from {Show(o.Min)} to {Show(o.Max)}",
        Kind.Number => $"a number from {Show(o.Min)} to {Show(o.Max)}",
        _ => "a value",
    };

    private static string Show(double x) => x.ToString("#,0.###", CultureInfo.InvariantCulture);

    // Returns what is wrong with the value, or null with the parsed value.
    private static string? Convert(Option o, string text, out object? value)
    {
        value = null;
        switch (o.Kind)
        {
            case Kind.Int:
                if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n))
                {
                    return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                        ? OutOfRange(o, text)
                        : $"{o.Name} needs {Expected(o)}, not '{text}'";
                }
                if (n < o.Min || n > o.Max)
                {
                    return OutOfRange(o, text);
                }
                value = n;
                return null;
            case Kind.Number:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d))
                {
                    return $"{o.Name} needs {Expected(o)}, not '{text}'";
                }
                if (d < o.Min || d > o.Max)
                {
                    return OutOfRange(o, text);
                }
                value = d;
                return null;
            default:
                if (text.Length == 0)
                {
                    return $"{o.Name} needs {Expected(o)}, not an empty one";
                }
                value = text;
                return null;
        }
    }

    private static string OutOfRange(Option o, string text) => $"{o.Name} must be from {Show(o.Min)} to {Show(o.Max)}, not {text}";

    /// <summary>What <see cref="Parse"/> read: help asked for, what is wrong, or the values.</summary>
    internal sealed class Result
    {
        private readonly BenchArgs spec;
        private readonly Dictionary<string, object?> given;

        internal Result(BenchArgs spec, bool help, string? error, Dictionary<string, object?> given, List<string> words)
        {
            this.spec = spec;
            Help = help;
            Error = error;
            this.given = given;
            Words = words;
        }

        /// <summary>--help or -h was given.</summary>
        public bool Help { get; }

        /// <summary>What is wrong with the command line, without the bench's name; null when nothing is.</summary>
        public string? Error { get; }

        /// <summary>The positional words, in the order given.</summary>
        public IReadOnlyList<string> Words { get; }

        /// <summary>Whether the flag or option was on the command line.</summary>
        public bool Given(string name)
        {
            Declared(name, null);
            return given.ContainsKey(name);
        }

        /// <summary>Whether the flag was given.</summary>
        public bool Flag(string name) => (bool)Value(name, Kind.Flag)!;

        /// <summary>The whole-number option's value, or its default.</summary>
        public int Int(string name) => (int)Value(name, Kind.Int)!;

        /// <summary>The number option's value, or its default.</summary>
        public double Number(string name) => (double)Value(name, Kind.Number)!;

        /// <summary>The text option's value, or its default.</summary>
        public string? Text(string name) => (string?)Value(name, Kind.Text);

        private object? Value(string name, Kind kind)
        {
            var o = Declared(name, kind);
            return given.TryGetValue(name, out var v) ? v : o.Default;
        }

        private Option Declared(string name, Kind? kind)
        {
            if (Help || Error != null)
            {
                throw new InvalidOperationException($"{spec.Bench}: the command line was not valid; check Help and Error first");
            }
            if (!spec.options.TryGetValue(name, out var o) || (kind is Kind k && o.Kind != k))
            {
                // A bench reading an option it never declared (or as another type) is a bug in the bench, not bad input.
                throw new InvalidOperationException($"{spec.Bench} reads {name} but did not declare it{(kind is Kind k2 ? " as " + k2.ToString().ToLowerInvariant() : "")}");
            }
            return o;
        }
    }
}

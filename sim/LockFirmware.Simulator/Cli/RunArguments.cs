using System.Globalization;

namespace LockFirmware.Simulator.Cli;

/// <summary>Parsed arguments of <c>locksim run</c>.</summary>
public sealed class RunArguments
{
    /// <summary>Scenario file.</summary>
    public string File { get; private set; } = "";
    /// <summary>Seed override.</summary>
    public int? Seed { get; private set; }
    /// <summary>JSON lines instead of the timeline.</summary>
    public bool Json { get; private set; }
    /// <summary>CSV trace path.</summary>
    public string? TracePath { get; private set; }
    /// <summary>PNG plot path.</summary>
    public string? PlotPath { get; private set; }

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> when they are wrong.</summary>
    public static RunArguments? Parse(string[] args, out string error)
    {
        var a = new RunArguments();
        error = "";
        // An option given twice is refused rather than the last one silently winning: "--seed 3 ... --seed 7" in a CI
        // script usually means one of them was meant for another run.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            // GNU style "--seed=5" as well as "--seed 5".
            string? inline = null;
            int eq = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=') : -1;
            if (eq > 2) { inline = arg[(eq + 1)..]; arg = arg[..eq]; }
            if (arg is "--json" or "--seed" or "--trace" or "--plot" && !seen.Add(arg)) { error = $"{arg} given twice"; return null; }
            string? Value()
            {
                if (inline != null) return inline.Length == 0 ? null : inline;
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)) return null;
                return args[++i];
            }
            switch (arg)
            {
                case "--json" when inline != null: error = "--json takes no value"; return null;
                case "--json": a.Json = true; break;
                case "--seed":
                {
                    string? v = Value();
                    if (v == null || !int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int s))
                    {
                        error = $"--seed needs a whole number 0..{int.MaxValue}";
                        return null;
                    }
                    a.Seed = s;
                    break;
                }
                case "--trace":
                    a.TracePath = Value();
                    if (a.TracePath == null) { error = "--trace needs a file name (OUT.csv)"; return null; }
                    break;
                case "--plot":
                    a.PlotPath = Value();
                    if (a.PlotPath == null) { error = "--plot needs a file name (OUT.png)"; return null; }
                    // The plot is always PNG: a name promising another format would get PNG bytes under the wrong name.
                    if (!a.PlotPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) { error = $"--plot writes PNG: the file name must end in .png (got '{a.PlotPath}')"; return null; }
                    break;
                default:
                    if (arg.StartsWith('-') && arg != "-") { error = $"unknown option '{arg}'"; return null; }
                    // An empty argument (an unset shell variable, "$FILE") was skipped when a file came after it (yfuzz12).
                    if (arg.Length == 0) { error = "an empty argument ('') is not a scenario file"; return null; }
                    if (a.File.Length > 0) { error = $"one scenario file per run; unexpected '{arg}'"; return null; }
                    a.File = arg;
                    break;
            }
        }
        if (a.File.Length == 0) { error = "run needs a scenario FILE"; return null; }
        return a;
    }
}

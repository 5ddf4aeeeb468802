using System.Text;
using System.Text.RegularExpressions;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// Scenario times: <c>500ms</c>, <c>2s</c>, <c>3m</c>, <c>1h</c>, <c>2d</c> and compounds in descending
/// unit order such as <c>1h30m</c> or <c>2m15s</c>; a bare <c>0</c> is also accepted. At most 365 days.
/// </summary>
public static partial class Duration
{
    /// <summary>Longest accepted time, ms (365 days).</summary>
    public const long MaxMs = 365L * 24 * 3600 * 1000;

    // [0-9], not \d: .NET's \d also matches the other scripts' digits ("١s", Arabic-Indic one), which decimal.Parse then
    // refused with a FormatException that stopped locksim with exit 134 (yfuzz12, HostileInputTests).
    [GeneratedRegex(@"^(?:([0-9]{1,9})d)?(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m(?!s))?(?:([0-9]{1,9})s)?(?:([0-9]{1,9})ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses <paramref name="text"/>; returns false with a reason when it is not a valid time.</summary>
    public static bool TryParse(string? text, out long ms, out string reason)
    {
        ms = 0;
        reason = "";
        string s = (text ?? "").Trim();
        if (s.Length == 0) { reason = "empty time; use e.g. 500ms, 2s, 3m, 1h, 2d or 1h30m"; return false; }
        if (s.StartsWith('-')) { reason = $"negative time '{s}'; times count from the start of the run"; return false; }
        if (s == "0") return true;
        var m = Pattern().Match(s);
        if (!m.Success || s.Length == 0)
        {
            reason = $"'{s}' is not a time; use e.g. 500ms, 2s, 3m, 1h, 2d or compounds like 1h30m, 2m15s";
            return false;
        }
        long[] unit = { 86_400_000L, 3_600_000L, 60_000L, 1000L, 1L };
        decimal total = 0;
        for (int i = 0; i < unit.Length; i++)
        {
            var g = m.Groups[i + 1];
            if (g.Success) total += decimal.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture) * unit[i];
        }
        if (total > MaxMs) { reason = $"time '{s}' is longer than the 365 days a scenario may run"; return false; }
        ms = (long)total;
        return true;
    }

    /// <summary>The canonical text for <paramref name="ms"/> (e.g. <c>1h30m</c>, <c>2s500ms</c>, <c>0</c>).</summary>
    public static string Format(long ms)
    {
        if (ms < 0) throw new ArgumentOutOfRangeException(nameof(ms), "times are never negative");
        if (ms == 0) return "0";
        var sb = new StringBuilder();
        (long size, string name)[] units = { (86_400_000L, "d"), (3_600_000L, "h"), (60_000L, "m"), (1000L, "s"), (1L, "ms") };
        foreach (var (size, name) in units)
        {
            long n = ms / size;
            ms %= size;
            if (n > 0) sb.Append(n).Append(name);
        }
        return sb.ToString();
    }
}

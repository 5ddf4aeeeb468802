namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// What the simulator shows of a console line it sends (timeline <c>console&lt;</c>, JSON <c>console</c>/<c>in</c>) and of
/// keys it types (timeline <c>keypad:</c>): credentials and codes masked. The firmware never prints codes
/// (docs/console.md); the simulator's own echo must not either, since run outputs end up in CI logs.
/// </summary>
public static class ConsoleEcho
{
    /// <summary>What stands for a masked credential or code (fixed, so its length is not shown either).</summary>
    public const string MaskText = "********";

    /// <summary>
    /// <paramref name="line"/> with the argument of <c>login &lt;credential&gt;</c> and the code of
    /// <c>users add &lt;code&gt;</c>, <c>users master &lt;code&gt;</c> and <c>users remove &lt;code&gt;</c> replaced by
    /// <see cref="MaskText"/>. Words are split as the firmware's console splits them (the first space after the trimmed
    /// line's command word). Only a line the firmware reads as a command whose words carry no code is shown as it is;
    /// any other line (a command word in capitals, a tab or other non-printable byte between the words, the credential
    /// typed without <c>login</c>, words beyond what a command takes, <c>sim keys</c>) has every digit run masked: the
    /// firmware refuses such a line, but what was typed on it may still be a credential or a code. The arguments of
    /// <c>log</c>, <c>stroke</c>, <c>get</c>, <c>mode</c> and <c>set</c> have every run of 4 or more digits masked.
    /// </summary>
    public static string Mask(string line)
    {
        string t = line.Trim();
        bool printable = true;
        foreach (char c in t) printable &= c >= ' ' && c <= '~';
        if (!printable) return MaskCodes(line, 1);
        int space = t.IndexOf(' ');
        string command = space < 0 ? t : t[..space];
        string args = space < 0 ? "" : t[(space + 1)..].Trim();
        int words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        switch (command)
        {
            case "login":
                return args.Length > 0 ? "login " + MaskText : line;
            case "users":
                return MaskUsers(line, args);
            case "help": case "status": case "diag": case "codes": case "version": case "trace": case "battery": case "selftest":
            case "calibrate": case "lock": case "unlock": case "factory-reset": case "reboot": case "logout":
                return words == 0 ? line : MaskCodes(line, 1);
            // Their arguments are a count, a setting's name or value, a mode: a value the firmware refuses may still be a
            // code typed into the wrong command (`set mode 24681357` was echoed in clear), so every run as long as the
            // shortest code is masked (a relock time of 3600 s or a clock value too: the reply shows what was set).
            case "log": case "stroke": case "get": case "mode":
                return words <= 1 ? MaskCodes(line, LockFirmware.Access.Credentials.MinUserDigits) : MaskCodes(line, 1);
            case "set":
                return words <= 2 ? MaskCodes(line, LockFirmware.Access.Credentials.MinUserDigits) : MaskCodes(line, 1);
            case "sim":
                // sim keys types what a person types at the keypad: codes.
                return args.StartsWith("keys", StringComparison.Ordinal) ? MaskCodes(line, 1) : line;
            default:
                return MaskCodes(line, 1);
        }
    }

    private static string MaskUsers(string line, string args)
    {
        int sub = args.IndexOf(' ');
        // users master <code> carries the master code as users add carries a user code (it used to be shown in clear);
        // users remove takes a slot (at most two digits) or a code (at least four), which is masked.
        if (sub < 0) return args is "" or "list" ? line : MaskCodes(line, 1);
        string word = args[..sub];
        string arg = args[(sub + 1)..].Trim();
        bool code = word == "add" || word == "master" || word == "remove" && arg.Length >= LockFirmware.Access.Credentials.MinUserDigits;
        if (code) return "users " + word + " " + MaskText;
        return word == "remove" && arg.IndexOf(' ') < 0 ? line : MaskCodes(line, 1);
    }

    /// <summary>
    /// <paramref name="text"/> with each run of at least <paramref name="minDigits"/> digits replaced by
    /// <see cref="MaskText"/> (backspace and DEL inside a run do not split it: the firmware deletes them).
    /// </summary>
    public static string MaskCodes(string text, int minDigits) =>
        ReplaceDigitRuns(text, throughDeletes: true, (run, digits) => digits >= minDigits);

    /// <summary>
    /// <paramref name="text"/> (a reply quoting words of <paramref name="typed"/>) with each run of at least
    /// <paramref name="minDigits"/> digits that is part of a digit run of <paramref name="typed"/> replaced by
    /// <see cref="MaskText"/>; runs that come from the reply's own text (a range, the keypad's keys) stay readable.
    /// </summary>
    public static string MaskCodesTyped(string text, string typed, int minDigits)
    {
        var runs = new List<string>();
        int j = 0;
        while (j < typed.Length)
        {
            if (!char.IsAsciiDigit(typed[j])) { j++; continue; }
            int start = j;
            while (j < typed.Length && char.IsAsciiDigit(typed[j])) j++;
            if (j - start >= minDigits) runs.Add(typed[start..j]);
        }
        return ReplaceDigitRuns(text, throughDeletes: false,
            (run, digits) => digits >= minDigits && runs.Exists(r => r.Contains(run, StringComparison.Ordinal)));
    }

    /// <summary>
    /// <paramref name="text"/> with each run of digits for which <paramref name="masked"/> (the run, its digit count) says so
    /// replaced by <see cref="MaskText"/>; <paramref name="throughDeletes"/>: backspace and DEL inside a run do not split it
    /// (the firmware deletes them as typed).
    /// </summary>
    private static string ReplaceDigitRuns(string text, bool throughDeletes, Func<string, int, bool> masked)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                sb.Append(text[i++]);
                continue;
            }
            int start = i, digits = 0;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || throughDeletes && (text[i] == '\b' || text[i] == '\x7F')))
            {
                if (char.IsAsciiDigit(text[i])) digits++;
                i++;
            }
            string run = text[start..i];
            sb.Append(masked(run, digits) ? MaskText : run);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Timeline text for keys typed at the keypad: the keys space-separated, each run of digits (a code, or a wrong one that
    /// may differ from the right one by a digit) shown as <c>[digits]</c>: <c>**87654321#</c> is <c>keypad: * * [digits] #</c>.
    /// </summary>
    public static string Keys(string keys)
    {
        var shown = new List<string>();
        for (int i = 0; i < keys.Length; i++)
        {
            if (!char.IsAsciiDigit(keys[i])) shown.Add(keys[i].ToString());
            else if (i == 0 || !char.IsAsciiDigit(keys[i - 1])) shown.Add("[digits]");
        }
        return "keypad: " + string.Join(' ', shown);
    }
}

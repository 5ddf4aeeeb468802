namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// What the simulator shows of a console line it sends (timeline <c>console&lt;</c>, JSON <c>console</c>/<c>in</c>):
/// the line with its credential or code masked. The firmware never prints codes (docs/console.md); the simulator's own
/// echo must not either, since run outputs end up in CI logs.
/// </summary>
public static class ConsoleEcho
{
    /// <summary>What stands for a masked credential or code (fixed, so its length is not shown either).</summary>
    public const string MaskText = "********";

    /// <summary>
    /// <paramref name="line"/> with the argument of <c>login &lt;credential&gt;</c> and the code of
    /// <c>users add &lt;code&gt;</c>, <c>users master &lt;code&gt;</c> and <c>users remove &lt;code&gt;</c> replaced by <see cref="MaskText"/>; other lines unchanged. Words are split as the
    /// firmware's console splits them (the first space after the trimmed line's command word).
    /// </summary>
    public static string Mask(string line)
    {
        string t = line.Trim();
        int space = t.IndexOf(' ');
        if (space < 0) return line;
        string command = t[..space];
        string args = t[(space + 1)..].Trim();
        if (command == "login" && args.Length > 0) return "login " + MaskText;
        if (command != "users") return line;
        int sub = args.IndexOf(' ');
        // users master <code> carries the master code as users add carries a user code (it used to be shown in clear);
        // users remove takes a slot (at most two digits) or a code (at least four), which is masked.
        if (sub < 0) return line;
        string word = args[..sub];
        string arg = args[(sub + 1)..].Trim();
        bool code = word == "add" || word == "master" || word == "remove" && arg.Length >= LockFirmware.Access.Credentials.MinUserDigits;
        if (!code || arg.Length == 0) return line;
        return "users " + args[..sub] + " " + MaskText;
    }
}

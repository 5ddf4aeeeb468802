using System.Text;
using CsCheck;
using LockFirmware.Tests.Scenarios;

namespace LockFirmware.Tests.Hostile;

/// <summary>
/// Generators of hostile scenario input (docs/architecture.md, "Hostile input properties"): the library files in
/// sim/scenarios mutated line by line and byte by byte, fully random YAML documents, and values written over the keys a
/// loader could default.
/// </summary>
public static class HostileInputGen
{
    /// <summary>Every library file's text by name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Library =
        Directory.GetFiles(ScenarioFiles.Dir, "*.yaml").OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f));

    private static readonly string[] Names = Library.Keys.ToArray();

    /// <summary>Values a hurried or hostile writer puts where a value goes.</summary>
    public static readonly string[] NastyValues =
    {
        "", "-1s", "99999999d", "1h-5m", "1e999", "-1e999", "1e-999", "NaN", "nan", ".nan", ".inf", "-.inf", "Infinity", "-Infinity",
        "-0", "0", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "100000", "100001", "0.0000001",
        "\u0661s", "\u0663", "\uff11\uff12", "0x10", "1_000", "1,5", "~", "null", "true", "False", "yes", "[]", "{}", "[a, b]", "{ x: 1 }",
        "\"#\"", "#", "'", "\"", "&a", "*a", "*zz", "!!binary AAAA", "!!int 3", "!!float .nan", "|", ">", "- x", ": x", "?",
        "\u00e9t\u00e9", "\U0001F512", "\u202e", "\t1s", "1s\t", "0ms", "1d1d", "365d", "365d1ms", "1h30m", "2m15s", "500ms", "1m1ms",
        "locked", "unlocked", "open", "closed", "alkaline", "zinc", "jam", "gremlin", "\"123456#\"", "\"12A#\"", "\"\u0661\u0662\u0663\u0664#\"",
        "sim temperature_c nan", "sim battery_swap alkaline NaN", "sim power_cut 0", "sim power_cut \u0661s", "sim keys 1\u0661#", "sim inject jam position_mm=nan",
        "{ fault: jam, position_mm: NaN }", "{ fault: adc_stuck, channel: battery, counts: 1e999 }", "{ every: 0, times: 3, keys: \"#\" }",
        "{ every: 1s, times: 0, keys: \"#\" }", "{ every: 1ms, times: 100000, console: status }", "{ every: 1d, times: 400, console: status }",
    };

    /// <summary>Keys, known in some place and unknown everywhere.</summary>
    public static readonly string[] Keys =
    {
        "name", "seed", "hardware", "start", "codes", "steps", "expect", "run_until", "temperature_c", "battery", "door", "strike_offset_mm",
        "friction_factor", "chemistry", "state_of_charge", "user", "master", "technician", "at", "keys", "door_forced_open", "manual_key",
        "inject", "clear", "power_cut", "battery_swap", "console", "repeat", "every", "times", "lock_state", "faults_active", "faults_seen",
        "alarms", "unlocks", "locks", "motor_energised", "indication", "colour", "<<", "Name", "at ", "\u00e0t", "\"at\"", "?", "- at", "1",
    };

    /// <summary>A string of anything, including controls, quotes and non-ASCII.</summary>
    public static readonly Gen<string> AnyString =
        Gen.String[Gen.Frequency((6, Gen.Char['!', '~']), (1, Gen.Char[(char)0, (char)31]), (1, Gen.Char[(char)0x80, (char)0x3000]), (1, Gen.Char[" :#-[]{}&*!|>'\"%@`,?"])), 0, 12];

    private static readonly Gen<string> Payload = Gen.Frequency((5, Gen.OneOfConst(NastyValues)), (2, AnyString), (1, Gen.OneOfConst(Keys)));

    private static readonly Gen<TextMutation> Mutation =
        Gen.Select(Gen.Frequency((3, Gen.Const(TextEdit.DeleteLine)), (2, Gen.Const(TextEdit.DuplicateLine)), (2, Gen.Const(TextEdit.SwapLines)),
                (2, Gen.Const(TextEdit.Indent)), (8, Gen.Const(TextEdit.ReplaceValue)), (3, Gen.Const(TextEdit.ReplaceKey)), (2, Gen.Const(TextEdit.InsertLine)),
                (1, Gen.Const(TextEdit.DeepNesting)), (1, Gen.Const(TextEdit.LongLine))),
            Gen.Int[0, 1000], Gen.Int[-4, 1000], Payload, (e, l, o, p) => new TextMutation(e, l, o, p));

    /// <summary>A library file with one to four text edits and, one time in three, a byte edit.</summary>
    public static readonly Gen<MutatedFile> Mutated =
        Gen.Select(Gen.Int[0, Names.Length - 1], Mutation.Array[1, 4],
            Gen.Frequency((12, Gen.Const(ByteEdit.None)), (1, Gen.Const(ByteEdit.Bom)), (1, Gen.Const(ByteEdit.Crlf)), (2, Gen.Const(ByteEdit.Truncate)),
                (2, Gen.Const(ByteEdit.RandomBytes)), (1, Gen.Const(ByteEdit.Tabs))),
            Gen.Int[0, 100000], Gen.Byte.Array[1, 8], (f, m, b, p, r) => new MutatedFile(Names[f], m, b, p, r));

    /// <summary>
    /// A library file with one or two edits that keep it loading more often (lines moved, duplicated or dropped, a value
    /// replaced), for the property that runs what loads.
    /// </summary>
    public static readonly Gen<MutatedFile> Gentle =
        Gen.Select(Gen.Int[0, Names.Length - 1],
            Gen.Select(Gen.Frequency((3, Gen.Const(TextEdit.DeleteLine)), (2, Gen.Const(TextEdit.DuplicateLine)), (2, Gen.Const(TextEdit.SwapLines)), (4, Gen.Const(TextEdit.ReplaceValue))),
                Gen.Int[0, 1000], Gen.Int[0, 1000], Payload, (e, l, o, p) => new TextMutation(e, l, o, p)).Array[1, 2],
            Gen.Frequency((8, Gen.Const(ByteEdit.None)), (1, Gen.Const(ByteEdit.Bom)), (1, Gen.Const(ByteEdit.Crlf))),
            (f, m, b) => new MutatedFile(Names[f], m, b, 0, Array.Empty<byte>()));

    /// <summary>Applies <paramref name="edits"/> to <paramref name="text"/> (line numbers taken modulo the line count).</summary>
    public static string Apply(string text, IEnumerable<TextMutation> edits)
    {
        var lines = text.Split('\n').ToList();
        foreach (var m in edits)
        {
            int n = Math.Max(lines.Count, 1);
            int i = m.Line % n, j = Math.Abs(m.Other) % n;
            if (lines.Count == 0) lines.Add("");
            switch (m.Edit)
            {
                case TextEdit.DeleteLine: lines.RemoveAt(i); break;
                case TextEdit.DuplicateLine: lines.Insert(i, lines[i]); break;
                case TextEdit.SwapLines: (lines[i], lines[j]) = (lines[j], lines[i]); break;
                case TextEdit.Indent:
                    lines[i] = m.Other < 0 ? lines[i].TrimStart() : m.Other % 5 == 0 ? "\t" + lines[i] : new string(' ', 1 + m.Other % 4) + lines[i];
                    break;
                case TextEdit.ReplaceValue:
                {
                    int colon = lines[i].IndexOf(": ", StringComparison.Ordinal);
                    lines[i] = colon >= 0 ? lines[i][..(colon + 2)] + m.Payload : lines[i] + " " + m.Payload;
                    break;
                }
                case TextEdit.ReplaceKey:
                {
                    string l = lines[i];
                    int start = l.Length - l.TrimStart(' ', '-').Length, colon = l.IndexOf(':');
                    lines[i] = colon > start ? l[..start] + m.Payload + l[colon..] : m.Payload + ": " + l.Trim();
                    break;
                }
                case TextEdit.InsertLine: lines.Insert(i, new string(' ', Math.Abs(m.Other) % 7) + m.Payload); break;
                case TextEdit.DeepNesting:
                {
                    int depth = 10 + Math.Abs(m.Other) * 50;
                    lines.Insert(i, (m.Other % 2 == 0 ? "x: " + new string('[', depth) + new string(']', depth) : "x: " + new string('{', depth)));
                    break;
                }
                case TextEdit.LongLine: lines.Insert(i, "name: " + new string('a', 20000 + Math.Abs(m.Other) * 100)); break;
            }
        }
        return string.Join('\n', lines);
    }

    /// <summary>Applies a byte edit.</summary>
    public static byte[] ApplyBytes(byte[] b, ByteEdit edit, int pos, byte[] random)
    {
        int at = b.Length == 0 ? 0 : pos % b.Length;
        return edit switch
        {
            ByteEdit.Bom => new byte[] { 0xEF, 0xBB, 0xBF }.Concat(b).ToArray(),
            ByteEdit.Crlf => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\n", "\r\n")),
            ByteEdit.Truncate => b[..at],
            ByteEdit.RandomBytes => b[..at].Concat(random).Concat(b[at..]).ToArray(),
            ByteEdit.Tabs => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("  ", "\t")),
            _ => b,
        };
    }

    /// <summary>A random YAML document: mappings and lists of the scenario keys and nasty values, up to four levels.</summary>
    public static readonly Gen<string> RandomDocument = Gen.Int[0, int.MaxValue].Select(seed =>
    {
        var r = new Random(seed);
        var sb = new StringBuilder();
        void Node(int indent, int depth)
        {
            int kind = depth >= 4 ? 0 : r.Next(3);
            string pad = new(' ', indent);
            if (kind == 0) { sb.Append(' ').Append(NastyValues[r.Next(NastyValues.Length)]).Append('\n'); return; }
            sb.Append('\n');
            for (int k = 0, n = r.Next(0, 5); k < n; k++)
            {
                if (kind == 1) { sb.Append(pad).Append(Keys[r.Next(Keys.Length)]).Append(':'); Node(indent + 2, depth + 1); }
                else { sb.Append(pad).Append("- at: ").Append(NastyValues[r.Next(NastyValues.Length)]).Append('\n').Append(pad).Append("  ").Append(Keys[r.Next(Keys.Length)]).Append(':'); Node(indent + 4, depth + 1); }
            }
        }
        sb.Append("name: random\n");
        for (int k = 0, n = r.Next(1, 6); k < n; k++) { sb.Append(Keys[r.Next(Keys.Length)]).Append(':'); Node(2, 1); }
        return sb.ToString();
    });

    /// <summary>Text for a failure message: controls shown as escapes, cut at <paramref name="max"/> characters.</summary>
    public static string Show(string s, int max = 200)
    {
        var sb = new StringBuilder();
        foreach (char c in s.Length > max ? s[..max] : s)
        {
            if (c == '\n') sb.Append('\n');
            else if (c < 32 || c is >= '\u007f' and < '\u00a0') sb.Append($"\\x{(int)c:x2}");
            else sb.Append(c);
        }
        return s.Length > max ? sb + $"... ({s.Length} chars)" : sb.ToString();
    }
}

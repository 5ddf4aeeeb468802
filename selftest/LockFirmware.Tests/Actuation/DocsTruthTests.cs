using System.Reflection;
using LockFirmware.Actuation;
using LockFirmware.Tests.Scenarios;

namespace LockFirmware.Tests.Actuation;

/// <summary>
/// docs/actuation.md's table of tunable constants says what the firmware runs with: every public constant of
/// <see cref="ActuationTuning"/> has one row with its current value, and the table names no constant the code lacks.
/// A tuning change that forgets the page fails here.
/// </summary>
public class DocsTruthTests
{
    private static Dictionary<string, string> TableRows()
    {
        string root = Path.GetFullPath(Path.Combine(ScenarioFiles.Dir, "..", ".."));
        string doc = File.ReadAllText(Path.Combine(root, "docs", "actuation.md"));
        int start = doc.IndexOf("## Tunable constants (`ActuationTuning`)", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/actuation.md has no 'Tunable constants' section");
        int end = doc.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        var rows = new Dictionary<string, string>();
        foreach (string line in doc[start..(end < 0 ? doc.Length : end)].Split('\n'))
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @"^\| `(\w+)` \| ([^|]+) \|");
            if (!m.Success) continue;
            Assert.False(rows.ContainsKey(m.Groups[1].Value), $"{m.Groups[1].Value} has two rows");
            rows[m.Groups[1].Value] = m.Groups[2].Value.Trim();
        }
        return rows;
    }

    private static FieldInfo[] Constants() =>
        typeof(ActuationTuning).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToArray();

    [Fact]
    public void Every_tuning_constant_has_a_row_with_its_value()
    {
        var rows = TableRows();
        foreach (var f in Constants())
        {
            Assert.True(rows.TryGetValue(f.Name, out string? value), $"docs/actuation.md has no row for ActuationTuning.{f.Name}");
            Assert.True(value == Convert.ToString(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture),
                $"ActuationTuning.{f.Name} is {f.GetRawConstantValue()} in the code, {value} in docs/actuation.md");
        }
    }

    [Fact]
    public void The_table_names_no_constant_the_code_lacks()
    {
        var names = Constants().Select(f => f.Name).ToHashSet();
        foreach (string name in TableRows().Keys) Assert.True(names.Contains(name), $"docs/actuation.md lists ActuationTuning.{name}, which the code does not have");
    }
}

using System.Reflection;
using LockFirmware.Actuation;
using LockFirmware.Power;
using LockFirmware.Tests.Scenarios;

namespace LockFirmware.Tests.Actuation;

/// <summary>
/// The constants tables of docs/actuation.md and docs/power.md say what the firmware runs with: every public constant of
/// the types they cover has one row with its current value, and the tables name no constant the code lacks. A tuning
/// change that forgets the page fails here.
/// </summary>
public class DocsTruthTests
{
    /// <summary>The rows (first column's name to second column's value) of the section headed <paramref name="heading"/>.</summary>
    private static Dictionary<string, string> TableRows(string docFile, string heading)
    {
        string root = Path.GetFullPath(Path.Combine(ScenarioFiles.Dir, "..", ".."));
        string doc = File.ReadAllText(Path.Combine(root, "docs", docFile));
        int start = doc.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/{docFile} has no '{heading}' section");
        int end = doc.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        var rows = new Dictionary<string, string>();
        foreach (string line in doc[start..(end < 0 ? doc.Length : end)].Split('\n'))
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @"^\| `([\w.]+)` \| ([^|]+) \|");
            if (!m.Success) continue;
            Assert.False(rows.ContainsKey(m.Groups[1].Value), $"{m.Groups[1].Value} has two rows in docs/{docFile}");
            rows[m.Groups[1].Value] = m.Groups[2].Value.Trim();
        }
        return rows;
    }

    /// <summary>The public constants of <paramref name="types"/>, named as the table names them (qualified when several types share a table).</summary>
    private static Dictionary<string, object> Constants(bool qualified, params Type[] types)
    {
        var constants = new Dictionary<string, object>();
        foreach (var t in types)
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
                constants[qualified ? t.Name + "." + f.Name : f.Name] = f.GetRawConstantValue()!;
        return constants;
    }

    public static TheoryData<string, string, bool, Type[]> Tables => new()
    {
        { "actuation.md", "## Tunable constants (`ActuationTuning`)", false, new[] { typeof(ActuationTuning) } },
        { "actuation.md", "## Detection and assessment constants", true, new[] { typeof(BoltDrive), typeof(StallClassifier), typeof(StrokeAssessor), typeof(StallCause) } },
        { "power.md", "## Constants (`BatteryEstimator`", true, new[] { typeof(BatteryEstimator), typeof(BatteryMonitor), typeof(PowerBudget), typeof(ChemistryDetector) } },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Every_constant_has_a_row_with_its_value(string docFile, string heading, bool qualified, Type[] types)
    {
        var rows = TableRows(docFile, heading);
        foreach (var (name, value) in Constants(qualified, types))
        {
            Assert.True(rows.TryGetValue(name, out string? row), $"docs/{docFile} has no row for {name}");
            Assert.True(row == Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                $"{name} is {value} in the code, {row} in docs/{docFile}");
        }
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void The_table_names_no_constant_the_code_lacks(string docFile, string heading, bool qualified, Type[] types)
    {
        var constants = Constants(qualified, types);
        foreach (string name in TableRows(docFile, heading).Keys) Assert.True(constants.ContainsKey(name), $"docs/{docFile} lists {name}, which the code does not have");
    }
}

using System.Text.RegularExpressions;
using LockFirmware.Simulator.Engine;
using Xunit;

namespace LockFirmware.Tests.Scenarios;

/// <summary>docs/console.md's reply key lists are what the firmware prints (run through the simulator).</summary>
public class ConsoleDocTests
{
    private static string Row(string command)
    {
        string doc = File.ReadAllText(Path.Combine(ScenarioFiles.Dir, "..", "..", "docs", "console.md"));
        return doc.Split('\n').Single(l => l.StartsWith($"| `{command}` |", StringComparison.Ordinal));
    }

    private static List<string> ReplyKeys(SimulatedLock sim, string command)
    {
        var output = new System.Text.StringBuilder();
        sim.Serial.OnOutput = (b, o, n) => output.Append(System.Text.Encoding.ASCII.GetString(b, o, n));
        sim.ConsoleAt(sim.NowMs + 100, command);
        sim.RunUntil(sim.NowMs + 1000);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("OK", lines[^1]);
        return lines.Take(lines.Count - 1).Select(l => l[..l.IndexOf('=')]).ToList();
    }

    [Theory]
    [InlineData("status", false, "none")]
    [InlineData("codes", false)]
    [InlineData("help", false)]
    [InlineData("version", false)]
    [InlineData("battery", true)]
    [InlineData("users list", true, "none")]
    public void The_documented_reply_keys_are_the_printed_ones(string command, bool technician, params string[] values)
    {
        var sim = new SimulatedLock(new SimOptions());
        if (technician) ReplyKeys(sim, "login " + sim.Options.TechnicianCode);
        var printed = ReplyKeys(sim, command);
        string row = Row(command).Split('|')[2];
        var documented = Regex.Matches(row, "`([a-z_]+)`").Select(m => m.Groups[1].Value).Except(values).ToList();
        Assert.Equal(documented.OrderBy(k => k), printed.OrderBy(k => k));
    }
}

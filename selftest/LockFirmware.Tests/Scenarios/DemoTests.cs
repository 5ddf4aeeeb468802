using System.Globalization;
using System.Text.RegularExpressions;
using LockFirmware.Simulator.Cli;
using Xunit;

namespace LockFirmware.Tests.Scenarios;

/// <summary>The default demo (README's first command) as a user reads it: it succeeds and its timeline runs forward in time.</summary>
public class DemoTests
{
    [Fact]
    public void Demo_unlocks_by_code_relocks_and_prints_its_timeline_in_time_order()
    {
        var output = new StringWriter();
        int code = Demo.Run(output);
        string text = output.ToString();
        Assert.Equal(0, code);
        Assert.Contains("demo OK", text);
        var times = Regex.Matches(text, @"^\s*(\d+\.\d{3})s  ", RegexOptions.Multiline)
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(times.Count >= 6, text);
        for (int i = 1; i < times.Count; i++) Assert.True(times[i] >= times[i - 1], $"line {i}: {times[i]} s after {times[i - 1]} s\n{text}");
        Assert.Contains("keypad: [digits] #", text);
        Assert.DoesNotContain("123456", text);
    }
}

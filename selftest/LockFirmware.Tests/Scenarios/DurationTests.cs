using CsCheck;
using LockFirmware.Simulator.Scenarios;
using Xunit;

namespace LockFirmware.Tests.Scenarios;

public class DurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("3m", 180_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2m15s", 135_000)]
    [InlineData("1s500ms", 1500)]
    [InlineData("0", 0)]
    public void Valid_times_parse(string text, long ms)
    {
        Assert.True(Duration.TryParse(text, out long got, out _));
        Assert.Equal(ms, got);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1s")]
    [InlineData("5")]
    [InlineData("1.5s")]
    [InlineData("30m1h")]
    [InlineData("2 s")]
    [InlineData("1x")]
    [InlineData("400d")]
    public void Invalid_times_are_rejected_with_a_reason(string text)
    {
        Assert.False(Duration.TryParse(text, out _, out string reason));
        Assert.NotEmpty(reason);
    }

    [Fact]
    public void Formatted_times_parse_back_to_the_same_value()
    {
        Gen.Long[0, Duration.MaxMs].Sample(ms =>
        {
            Assert.True(Duration.TryParse(Duration.Format(ms), out long back, out _));
            Assert.Equal(ms, back);
        });
    }

    [Fact]
    public void Random_strings_parse_or_are_rejected_without_exceptions()
    {
        var chars = Gen.Char["0123456789dhms -.x"];
        Gen.String[chars, 0, 14].Sample(s =>
        {
            if (Duration.TryParse(s, out long ms, out string reason))
            {
                Assert.InRange(ms, 0, Duration.MaxMs);
                Assert.True(Duration.TryParse(Duration.Format(ms), out long again, out _));
                Assert.Equal(ms, again);
            }
            else Assert.NotEmpty(reason);
        });
    }

    [Fact]
    public void Random_time_values_in_scenario_files_load_or_raise_ScenarioException_only()
    {
        var chars = Gen.Char["0123456789dhms-.:x\"'[]{}#"];
        Gen.String[chars, 0, 10].Sample(s =>
        {
            string yaml = $"name: t\nsteps:\n  - at: {s}\n    keys: \"1\"\n";
            try { ScenarioLoader.Load(yaml, "p.yaml"); }
            catch (ScenarioException e) { Assert.True(e.Line >= 0); }
        }, iter: 300);
    }
}

using LockFirmware.Runtime;

namespace LockFirmware.Tests.Runtime;

public class IntMathTests
{
    [Theory]
    [InlineData(7, 3, 2, 11)]
    [InlineData(-7, 3, 2, -11)]
    [InlineData(2_000_000_000, 3, 1000, 6_000_000)]
    [InlineData(int.MaxValue, int.MaxValue, 1, int.MaxValue)]
    public void MulDiv_rounds_to_nearest_without_overflowing(int a, int b, int c, int expected) => Assert.Equal(expected, IntMath.MulDiv(a, b, c));

    [Fact]
    public void Abs_of_the_most_negative_int_does_not_overflow() => Assert.Equal(int.MaxValue, IntMath.Abs(int.MinValue));

    [Fact]
    public void Clamp_limits_both_ways() => Assert.Equal((0, 5, 10), (IntMath.Clamp(-3, 0, 10), IntMath.Clamp(5, 0, 10), IntMath.Clamp(99, 0, 10)));
}

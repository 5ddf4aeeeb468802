using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>Standard normal samples from a seeded <see cref="Random"/> (Box-Muller, second value kept).</summary>
public sealed class GaussianNoise
{
    private readonly Random _random;
    private bool _hasSpare;
    private double _spare;

    /// <summary>Creates a source drawing from <paramref name="random"/>.</summary>
    public GaussianNoise(Random random)
    {
        _random = random;
    }

    /// <summary>Next sample with mean 0 and standard deviation 1.</summary>
    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u1 = 1.0 - _random.NextDouble(); // (0, 1]
        double u2 = _random.NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double a = 2.0 * Math.PI * u2;
        // One sincos call gives the same two values as Math.Sin and Math.Cos, in about half the time.
        (double sin, double cos) = Math.SinCos(a);
        _spare = r * sin;
        _hasSpare = true;
        return r * cos;
    }
}
